export interface Config {
  /** AgentDeck settings. */
  agentdeck?: {
    /** The demo publisher `agentdeck:publish:local`. */
    localPublish?: {
      /** Directory for bare repositories and their checked-out copies. Default: <os tmpdir>/agentdeck-repos */
      directory?: string;
    };
  };
}
