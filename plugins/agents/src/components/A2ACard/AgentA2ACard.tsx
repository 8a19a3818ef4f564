import { InfoCard } from '@backstage/core-components';
import { useAgentRef } from '../../hooks';
import { A2ACardSection } from './A2ACardSection';

/** Title of the card, on the Agent tab and as an entity card. */
export const A2A_CARD_TITLE = 'Agent card (A2A)';

/**
 * Entity card: the agent's A2A card (version, interfaces, modes, skills) and
 * where it and the catalog disagree. @public
 */
export function AgentA2ACard() {
  return (
    <InfoCard title={A2A_CARD_TITLE}>
      <A2ACardSection agent={useAgentRef()} />
    </InfoCard>
  );
}
