import type { Faults } from '../types';
import type { Rng } from '../rng';
import type { SandboxIdentity } from './rbac';
import type { Store } from './store';

/** What a pod proxy request gets back from the simulated container. */
export interface ProxyAnswer {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** Never answer (the readyz 'slow' fault). */
  hang?: boolean;
}

/** Shared state the API handlers work on. */
export interface ApiContext {
  store: Store;
  rng: Rng;
  faults: Faults;
  now(): Date;
  /** Who each bearer token is and what RBAC allows it. */
  identities: Map<string, SandboxIdentity>;
  bookmarkIntervalMs: number;
  /** Optional API groups (CRDs) the scenario installs, e.g. kagent.dev; the others answer 404. */
  installedGroups: ReadonlySet<string>;
  serverAddress: string;
  /** Answers a pod proxy request; undefined when nothing listens (503). */
  proxy(
    namespace: string,
    pod: string,
    port: string | undefined,
    path: string,
  ): ProxyAnswer | undefined;
  /** Pod log text, undefined when the kubelet is unreachable. */
  logs(namespace: string, pod: string): string | undefined;
}
