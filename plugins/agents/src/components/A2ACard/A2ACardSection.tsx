import { AgentRef } from '../../api';
import { useAgentCard } from '../../hooks';
import { PolledContent } from '../common';
import { A2ACardView } from './A2ACardView';

/** The agent's A2A card, polled; for the Agent tab and the entity card. */
export function A2ACardSection(props: { agent: AgentRef }) {
  const state = useAgentCard(props.agent);
  return (
    <PolledContent state={state}>
      {response => <A2ACardView response={response} />}
    </PolledContent>
  );
}
