import Typography from '@material-ui/core/Typography';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { AgentRef } from '../../api';
import { AutoscalerDetails } from './AutoscalerDetails';
import { ScalingHistorySection } from './ScalingHistorySection';

/** Every autoscaler of the agent, then its replica history. */
export function ScalingView(props: {
  status: AgentStatusResponse;
  agent: AgentRef;
}) {
  const scalers = props.status.clusters.flatMap(c =>
    c.autoscalers.map(a => ({ cluster: c.cluster, autoscaler: a })),
  );
  const fixed = props.status.clusters.flatMap(c =>
    c.workloads.map(w => w.desired),
  );
  return (
    <>
      {scalers.length === 0 && (
        <Typography variant="body2">
          No autoscaler: replicas are fixed
          {fixed.length ? ` at ${fixed.join(', ')}` : ''}.
        </Typography>
      )}
      {scalers.map(s => (
        <AutoscalerDetails
          key={`${s.cluster}/${s.autoscaler.kind}/${s.autoscaler.name}`}
          {...s}
        />
      ))}
      <ScalingHistorySection agent={props.agent} />
    </>
  );
}
