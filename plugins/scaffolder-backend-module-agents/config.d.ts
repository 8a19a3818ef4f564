export interface Config {
  /** AgentDeck settings. */
  agentdeck?: {
    /** The demo publisher `agentdeck:publish:local`. */
    localPublish?: {
      /** Directory for bare repositories (`bare/`) and their checked-out copies (`checkouts/`). Default: <os tmpdir>/agentdeck-repos */
      directory?: string;
    };
    /** The action `agentdeck:kubernetes:apply`. */
    kubernetesApply?: {
      /** Namespace patterns (`*` matches any characters, e.g. `ai-agents-*`) agents may be applied to; unset: any except default and kube-*. */
      allowedNamespaces?: string[];
    };
  };
}
