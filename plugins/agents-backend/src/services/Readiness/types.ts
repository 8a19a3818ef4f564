import { PodReadiness } from '@agentdeck/plugin-agents-common';

/** Settings of the background `/readyz` poller (`agents.readiness.*`). */
export interface ReadinessSettings {
  intervalSeconds: number;
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
}

/** Cached readiness breakdowns of running pods, refreshed in the background. */
export interface ReadinessService {
  get(cluster: string, namespace: string, pod: string): PodReadiness | undefined;
  start(): void;
  stop(): Promise<void>;
}
