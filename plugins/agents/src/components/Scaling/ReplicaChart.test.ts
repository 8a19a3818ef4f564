import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';
import { groupMarkers, replicaRows } from './ReplicaChart';

const sample = (at: string, current: number): ReplicaSample => ({
  at,
  cluster: 'sandbox-eu',
  namespace: 'ai-agents',
  autoscaler: 'billing-agent',
  current,
  desired: current,
  min: 1,
  max: 6,
});

const from = '2025-06-01T06:00:00.000Z';
const to = '2025-06-01T12:00:00.000Z';

/** The count the chart shows at a time: that of the last row at or before it. */
function currentAt(rows: ReturnType<typeof replicaRows>['rows'], iso: string) {
  const t = Date.parse(iso);
  return rows.filter(r => r.t <= t).pop()?.current;
}

describe('replicaRows', () => {
  it('starts at the window with the count in force then, and holds each count until the next', () => {
    const r = replicaRows(
      [
        sample('2025-06-01T04:00:00.000Z', 2),
        sample('2025-06-01T09:00:00.000Z', 4),
      ],
      from,
      to,
    );
    expect(r.start).toBe(Date.parse(from));
    expect(r.noDataBefore).toBeUndefined();
    expect(r.rows[0]).toEqual({
      t: Date.parse(from),
      current: 2,
      desired: 2,
      range: [1, 6],
    });
    expect(currentAt(r.rows, '2025-06-01T08:59:59.000Z')).toBe(2);
    expect(currentAt(r.rows, '2025-06-01T09:00:00.000Z')).toBe(4);
    expect(r.rows[r.rows.length - 1]).toMatchObject({
      t: Date.parse(to),
      current: 4,
    });
    const times = r.rows.map(row => row.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('puts rows between the samples, so hovering anywhere finds the counts then', () => {
    const r = replicaRows(
      [
        sample('2025-06-01T06:00:00.000Z', 2),
        sample('2025-06-01T09:00:00.000Z', 4),
      ],
      from,
      to,
    );
    const after = r.rows.filter(
      row => row.t > Date.parse('2025-06-01T09:00:00.000Z'),
    );
    expect(after.length).toBeGreaterThan(10);
    expect(new Set(after.map(row => row.current))).toEqual(new Set([4]));
  });

  it('starts at the first sample when nothing is known before it', () => {
    const r = replicaRows([sample('2025-06-01T09:00:00.000Z', 4)], from, to);
    expect(r.start).toBe(Date.parse('2025-06-01T09:00:00.000Z'));
    expect(r.noDataBefore).toBe(r.start);
    expect(r.rows[0].t).toBe(r.start);
    expect(r.rows[r.rows.length - 1].t).toBe(Date.parse(to));
  });

  it('reaches back to a rescale from before the first sample, the counts still starting at the sample', () => {
    const r = replicaRows([sample('2025-06-01T09:00:00.000Z', 4)], from, to, [
      Date.parse('2025-06-01T07:00:00.000Z'),
      Date.parse('2025-06-01T01:00:00.000Z'),
    ]);
    expect(r.start).toBe(Date.parse('2025-06-01T07:00:00.000Z'));
    expect(r.noDataBefore).toBe(Date.parse('2025-06-01T09:00:00.000Z'));
    expect(r.rows[0].t).toBe(Date.parse('2025-06-01T09:00:00.000Z'));
  });

  it('has no rows without samples', () => {
    expect(replicaRows([], from, to).rows).toEqual([]);
  });
});

describe('groupMarkers', () => {
  const event = (at: string, size: number): RescaleEvent => ({
    at,
    cluster: 'sandbox-eu',
    namespace: 'ai-agents',
    object: 'HorizontalPodAutoscaler/billing-agent',
    to: size,
    reason: 'SuccessfulRescale',
    message: `New size: ${size}`,
  });

  it('gives rescales that would overlap one marker, in time order, and the others their own', () => {
    const hour = 3_600_000;
    const groups = groupMarkers(
      [
        event('2025-06-01T10:00:00.000Z', 5),
        event('2025-06-01T08:02:00.000Z', 4),
        event('2025-06-01T08:00:00.000Z', 3),
      ],
      6 * hour,
    );
    expect(
      groups.map(g => [new Date(g.t).toISOString(), g.events.map(e => e.to)]),
    ).toEqual([
      ['2025-06-01T08:00:00.000Z', [3, 4]],
      ['2025-06-01T10:00:00.000Z', [5]],
    ]);
    // over one hour, two minutes apart is far enough for two markers
    expect(
      groupMarkers(
        [
          event('2025-06-01T08:00:00.000Z', 3),
          event('2025-06-01T08:02:00.000Z', 4),
        ],
        hour,
      ),
    ).toHaveLength(2);
  });
});
