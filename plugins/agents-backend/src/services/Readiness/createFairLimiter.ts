/** Runs at most `concurrency` tasks at once, taking turns between clusters and, within one, between lanes. */
export interface FairLimiter {
  run<T>(cluster: string, lane: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running or waiting. */
  size(): number;
}

interface Lane {
  tasks: Array<() => void>;
  active: number;
  queued: boolean;
  cluster: Cluster;
  key: string;
}

interface Cluster {
  /** Lanes that have a waiting task and room to start it, in turn order. */
  turns: Lane[];
  queued: boolean;
  lanes: Map<string, Lane>;
  key: string;
}

/**
 * A concurrency limiter that is fair: clusters take turns, and within a
 * cluster its lanes (agents) take turns, each lane running at most `perLane`
 * tasks at once. One agent whose pods hang therefore holds a bounded share of
 * the slots and never queues ahead of everyone else's pods.
 */
export function createFairLimiter(
  concurrency: number,
  perLane: number,
): FairLimiter {
  const clusters = new Map<string, Cluster>();
  const turns: Cluster[] = [];
  let active = 0;
  let waiting = 0;

  const offer = (lane: Lane) => {
    if (lane.queued || lane.tasks.length === 0 || lane.active >= perLane)
      return;
    lane.queued = true;
    lane.cluster.turns.push(lane);
    if (!lane.cluster.queued) {
      lane.cluster.queued = true;
      turns.push(lane.cluster);
    }
  };

  const forgetIfIdle = (lane: Lane) => {
    if (lane.tasks.length > 0 || lane.active > 0) return;
    lane.cluster.lanes.delete(lane.key);
    if (lane.cluster.lanes.size === 0) clusters.delete(lane.cluster.key);
  };

  const pump = () => {
    while (active < concurrency && turns.length > 0) {
      const cluster = turns.shift()!;
      cluster.queued = false;
      const lane = cluster.turns.shift()!;
      lane.queued = false;
      const start = lane.tasks.shift()!;
      waiting -= 1;
      lane.active += 1;
      active += 1;
      offer(lane);
      if (cluster.turns.length > 0 && !cluster.queued) {
        cluster.queued = true;
        turns.push(cluster);
      }
      start();
    }
  };

  const laneOf = (clusterKey: string, key: string): Lane => {
    let cluster = clusters.get(clusterKey);
    if (!cluster) {
      cluster = { turns: [], queued: false, lanes: new Map(), key: clusterKey };
      clusters.set(clusterKey, cluster);
    }
    let lane = cluster.lanes.get(key);
    if (!lane) {
      lane = { tasks: [], active: 0, queued: false, cluster, key };
      cluster.lanes.set(key, lane);
    }
    return lane;
  };

  return {
    run<T>(clusterKey: string, laneKey: string, task: () => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        const lane = laneOf(clusterKey, laneKey);
        lane.tasks.push(() => {
          // a task that throws before its first await must free its slot too
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              lane.active -= 1;
              active -= 1;
              offer(lane);
              forgetIfIdle(lane);
              pump();
            });
        });
        waiting += 1;
        offer(lane);
        pump();
      });
    },
    size: () => active + waiting,
  };
}
