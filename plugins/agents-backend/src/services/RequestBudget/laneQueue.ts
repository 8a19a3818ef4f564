import { REQUEST_PRIORITIES, RequestPriority } from './types';

interface Lane<T> {
  key: string;
  items: T[];
}

interface Level<T> {
  /** Lanes with waiting items, in turn order. */
  turns: Lane<T>[];
  lanes: Map<string, Lane<T>>;
}

/**
 * Items by priority; within one priority, lanes take turns, so an agent
 * with 100 pods waits no longer in front of one with two.
 */
export function createLaneQueue<T>() {
  const levels: Level<T>[] = REQUEST_PRIORITIES.map(() => ({
    turns: [],
    lanes: new Map(),
  }));
  const levelOf = (p: RequestPriority) => levels[REQUEST_PRIORITIES.indexOf(p)];
  let size = 0;

  const take = (level: Level<T>, at: number) => {
    const lane = level.turns[at];
    level.turns.splice(at, 1);
    const item = lane.items.shift()!;
    size -= 1;
    // served: to the back of the turns
    if (lane.items.length > 0) level.turns.push(lane);
    else level.lanes.delete(lane.key);
    return item;
  };

  return {
    push(priority: RequestPriority, laneKey: string, item: T) {
      const level = levelOf(priority);
      let lane = level.lanes.get(laneKey);
      if (!lane) {
        lane = { key: laneKey, items: [] };
        level.lanes.set(laneKey, lane);
        level.turns.push(lane);
      }
      lane.items.push(item);
      size += 1;
    },

    /** Takes an item out wherever it waits; false when it was not waiting. */
    remove(priority: RequestPriority, laneKey: string, item: T): boolean {
      const level = levelOf(priority);
      const lane = level.lanes.get(laneKey);
      const i = lane ? lane.items.indexOf(item) : -1;
      if (!lane || i < 0) return false;
      lane.items.splice(i, 1);
      size -= 1;
      if (lane.items.length === 0) {
        level.lanes.delete(laneKey);
        level.turns.splice(level.turns.indexOf(lane), 1);
      }
      return true;
    },

    /**
     * The next item whose lane may start one, most urgent first; lanes held
     * back keep their place in the turns.
     */
    shift(startable: (item: T) => boolean = () => true): T | undefined {
      for (const level of levels) {
        const at = level.turns.findIndex(l => startable(l.items[0]));
        if (at >= 0) return take(level, at);
      }
      return undefined;
    },

    size: () => size,
  };
}
