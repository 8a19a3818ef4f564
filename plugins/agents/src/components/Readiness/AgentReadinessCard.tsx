import { InfoCard } from '@backstage/core-components';
import { useAgentRef, useAgentStatus } from '../../hooks';
import { PolledContent } from '../common';
import { ReadinessView } from './ReadinessView';

/** Entity card: readiness checks of every pod of the agent. @public */
export function AgentReadinessCard() {
  const state = useAgentStatus(useAgentRef());
  return (
    <InfoCard title="Readiness">
      <PolledContent state={state}>
        {status => <ReadinessView status={status} />}
      </PolledContent>
    </InfoCard>
  );
}
