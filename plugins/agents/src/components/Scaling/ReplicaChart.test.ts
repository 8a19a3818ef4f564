import { ReplicaSample } from '@agentdeck/plugin-agents-common';
import { replicaRows } from './ReplicaChart';

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

describe('replicaRows', () => {
  it('starts at the window with the count in force then, and holds the last count to its end', () => {
    const r = replicaRows(
      [
        sample('2025-06-01T04:00:00.000Z', 2),
        sample('2025-06-01T09:00:00.000Z', 4),
      ],
      from,
      to,
    );
    expect(
      r.rows.map(row => [new Date(row.t).toISOString(), row.current]),
    ).toEqual([
      [from, 2],
      ['2025-06-01T09:00:00.000Z', 4],
      [to, 4],
    ]);
    expect(r.noDataBefore).toBeUndefined();
    expect(r.rows[0].range).toEqual([1, 6]);
  });

  it('starts at the first sample when nothing is known before it', () => {
    const r = replicaRows([sample('2025-06-01T09:00:00.000Z', 4)], from, to);
    expect(r.start).toBe(Date.parse('2025-06-01T09:00:00.000Z'));
    expect(r.noDataBefore).toBe(r.start);
    expect(r.rows.map(row => row.current)).toEqual([4, 4]);
  });
});
