import { ClusterError } from '@agentdeck/plugin-agents-common';
import { KubeRequestError } from './kubeClient';
import { describeFailure, FailureLog } from './failureLog';

/** Sync state of one list+watch. */
export interface ListWatchState {
  inSync: boolean;
  lastInSyncAt?: Date;
  error?: ClusterError;
  /** Set while an optional resource is forbidden: that it is not visible and what to grant. */
  hidden?: string;
}

/** The sync state of one list+watch and what is logged when it changes. */
export function createSyncState(opts: {
  cluster: string;
  resource: string;
  /** The resource named for people, e.g. ScaledObjects. */
  title: string;
  log: FailureLog;
}) {
  const { cluster, resource, title, log } = opts;
  const where = `Kubernetes cluster ${cluster}`;
  const state: ListWatchState = { inSync: false };

  const markInSync = () => {
    if (state.error) {
      log.info(
        cluster,
        resource,
        'recovered',
        `${where}: ${resource} in sync again`,
      );
    }
    state.inSync = true;
    state.lastInSyncAt = new Date();
    state.error = undefined;
  };

  return {
    get: () => ({ ...state }),
    markInSync,
    /** `at`: when the data was last known good, if not now. */
    markOutOfSync(at = new Date()) {
      if (state.inSync) state.lastInSyncAt = at;
      state.inSync = false;
    },
    /** A failure the cluster's answer shows, warned about at most once per window and cause. */
    fail(err: KubeRequestError) {
      const since = state.error?.since ?? new Date().toISOString();
      state.error = { kind: err.kind, message: err.message, since };
      const cause = err.httpStatus ?? err.kind;
      log.warn(
        cluster,
        resource,
        cause,
        describeFailure(cluster, resource, err),
      );
    },
    silenced(seconds: number) {
      log.warn(
        cluster,
        resource,
        'silent',
        `${where}: no event or bookmark on the ${resource} watch for ${seconds} s; its data is shown as stale and the watch is re-established`,
      );
    },
    /** A forbidden optional resource: empty and in sync; said once, not a cluster error. */
    hide() {
      const message = `${title} not visible to AgentDeck: grant list and watch on ${resource}`;
      if (state.hidden === undefined) {
        log.warn(cluster, resource, 'hidden', `${where}: ${message}`);
      }
      state.hidden = message;
      markInSync();
    },
    /** Listed again: `present` false when the API is not installed at all. */
    unhide(present: boolean) {
      if (state.hidden !== undefined && present) {
        log.info(
          cluster,
          resource,
          'visible',
          `${where}: ${title} visible to AgentDeck again`,
        );
      }
      state.hidden = undefined;
    },
  };
}
