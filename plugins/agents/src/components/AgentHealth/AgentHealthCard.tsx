import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAgentRef, useAgentStatus } from '../../hooks';
import { PolledContent } from '../common';
import { HealthView } from './HealthView';

/** Entity card: live health of the agent on the entity page. @public */
export function AgentHealthCard() {
  const { entity } = useEntity();
  const state = useAgentStatus(useAgentRef());
  return (
    <InfoCard title="Agent health">
      <PolledContent state={state}>
        {status => (
          <HealthView status={status} entityName={entity.metadata.name} />
        )}
      </PolledContent>
    </InfoCard>
  );
}
