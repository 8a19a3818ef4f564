import { InfoCard } from '@backstage/core-components';
import { useAgentRef } from '../../hooks';
import { UsageSection } from './UsageSection';

/** Entity card: LLM tokens, cost and budget of the agent. @public */
export function AgentUsageCard() {
  return (
    <InfoCard title="LLM usage">
      <UsageSection agent={useAgentRef()} />
    </InfoCard>
  );
}
