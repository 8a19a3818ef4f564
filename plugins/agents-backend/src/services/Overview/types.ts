/** 24 h usage of one agent as the overview shows it. @public */
export interface AgentUsage24h {
  input: number;
  output: number;
  costUsd: number;
}

/**
 * Per-agent 24 h usage, refreshed in the background for all agents at once
 * so the overview never queries a usage source per request.
 * @public
 */
export interface UsageSummary {
  /** Recomputes the summary; failures are kept as the error and old values stay. */
  refresh(): Promise<void>;
  get(entityRef: string): { usage?: AgentUsage24h; error?: string };
}
