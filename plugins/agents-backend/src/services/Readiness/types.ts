import { PodReadiness } from '@agentdeck/plugin-agents-common';

/** Settings of the background `/readyz` poller (`agents.readiness.*`). */
export interface ReadinessSettings {
  /** For pods that are not ready: their breakdown is what people come to see. */
  intervalSeconds: number;
  /** For ready pods, whose checks are all ok by definition; a change of Ready fetches at once. */
  readyIntervalSeconds: number;
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  /** Fetches one agent's pods may hold at once; default half of `concurrency`, so a hanging agent cannot take them all. */
  maxPerAgent?: number;
}

/** Cached readiness breakdowns of running pods, refreshed in the background. */
export interface ReadinessService {
  get(
    cluster: string,
    namespace: string,
    pod: string,
  ): PodReadiness | undefined;
  start(): void;
  stop(): Promise<void>;
}
