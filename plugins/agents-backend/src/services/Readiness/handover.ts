import { PodReadiness } from '@agentdeck/plugin-agents-common';

/** One pod's last `/readyz` fetch in full: what a replica taking over the fetching goes on from. */
export interface ReadinessRecord {
  readiness: PodReadiness;
  /** The pod's Ready condition when fetched. */
  podReady: boolean;
  fetchedAtMs: number;
  /** Fetches in a row that got no breakdown. */
  failures: number;
}

/** Which pod a {@link ReadinessRecord} is of. */
export interface PodRef {
  cluster: string;
  namespace: string;
  pod: string;
}

/**
 * A readiness source whose work one replica can hand to another (see
 * shareReadiness): the new one starts from the last one's fetches instead
 * of fetching every pod again.
 */
export interface ReadinessHandover {
  /** The pod's last fetch in full. */
  record(
    cluster: string,
    namespace: string,
    pod: string,
  ): ReadinessRecord | undefined;
  /** Before `start`: replaces what is known with fetches another replica made. */
  resume(records: Array<PodRef & ReadinessRecord>): void;
}
