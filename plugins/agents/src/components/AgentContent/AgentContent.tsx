import Grid from '@material-ui/core/Grid';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAgentRef, useAgentStatus } from '../../hooks';
import { PolledContent } from '../common';
import { HealthView } from '../AgentHealth';
import { ReadinessView } from '../Readiness';
import { ScalingView } from '../Scaling';
import { UsageSection } from '../Usage';
import { A2ACardSection, A2A_CARD_TITLE } from '../A2ACard';
import { AgentTemplateLine } from '../TemplateVersion';
import { AgentDrift } from '../Drift';

/**
 * The Agent tab: the template that created the agent, health, readiness, scaling, usage and
 * the A2A card. One status poll feeds the three status cards so they always agree with each other.
 * @public
 */
export function AgentContent() {
  const { entity } = useEntity();
  const agent = useAgentRef();
  const state = useAgentStatus(agent);
  return (
    <>
      <AgentTemplateLine agent={agent} />
      <AgentDrift agent={agent} />
      <PolledContent state={state}>
        {status => (
          <Grid container spacing={3} alignItems="stretch">
            {/* side by side only where both have room for their tables and chart */}
            <Grid item xs={12} xl={6}>
              <InfoCard title="Agent health">
                <HealthView status={status} entityName={entity.metadata.name} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} xl={6}>
              <InfoCard title="LLM usage">
                <UsageSection agent={agent} />
              </InfoCard>
            </Grid>
            {!status.noWorkloads && (
              <>
                <Grid item xs={12}>
                  <InfoCard title="Readiness">
                    <ReadinessView status={status} />
                  </InfoCard>
                </Grid>
                <Grid item xs={12}>
                  <InfoCard title="Scaling">
                    <ScalingView status={status} agent={agent} />
                  </InfoCard>
                </Grid>
              </>
            )}
            <Grid item xs={12}>
              <InfoCard title={A2A_CARD_TITLE}>
                <A2ACardSection agent={agent} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </PolledContent>
    </>
  );
}
