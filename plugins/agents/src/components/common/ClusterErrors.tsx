import { WarningPanel } from '@backstage/core-components';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';

const KIND_WORDS = {
  unreachable: 'unreachable',
  unauthorized: 'rejected our credentials',
  forbidden: 'denied access',
  timeout: 'timed out',
  error: 'failed',
} as const;

/** One warning per cluster that could not answer; the rest stays shown. */
export function ClusterErrors(props: { status: AgentStatusResponse }) {
  const failed = props.status.clusters.filter(c => c.error);
  if (failed.length === 0) return null;
  const summary =
    failed.length === 1
      ? `Partial data: cluster ${failed[0].cluster} did not answer`
      : `Partial data: ${failed.length} clusters did not answer`;
  return (
    <WarningPanel severity="warning" title={summary} defaultExpanded>
      {failed.map(c => (
        <div key={c.cluster}>
          {c.cluster} {c.error ? KIND_WORDS[c.error.kind] : ''}:{' '}
          {c.error?.message}
          {c.error?.since
            ? ` (since ${new Date(c.error.since).toLocaleString()})`
            : ''}
        </div>
      ))}
    </WarningPanel>
  );
}
