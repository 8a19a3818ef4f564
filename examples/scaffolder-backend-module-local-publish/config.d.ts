export interface Config {
  /** AgentDeck settings. */
  agentdeck?: {
    /** The demo publisher `agentdeck:publish:local`. */
    localPublish?: {
      /** Directory for bare repositories (`bare/`) and their checked-out copies (`checkouts/`). Default: <os tmpdir>/agentdeck-repos */
      directory?: string;
    };
  };
}
