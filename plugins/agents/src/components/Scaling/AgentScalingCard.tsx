import { InfoCard } from '@backstage/core-components';
import { useAgentRef, useAgentStatus } from '../../hooks';
import { PolledContent } from '../common';
import { ScalingView } from './ScalingView';

/** Entity card: autoscalers and replica history of the agent. @public */
export function AgentScalingCard() {
  const agent = useAgentRef();
  const state = useAgentStatus(agent);
  return (
    <InfoCard title="Scaling">
      <PolledContent state={state}>
        {status => <ScalingView status={status} agent={agent} />}
      </PolledContent>
    </InfoCard>
  );
}
