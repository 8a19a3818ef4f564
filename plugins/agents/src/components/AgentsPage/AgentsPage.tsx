import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
} from '@backstage/core-components';
import { useOverview } from '../../hooks';
import {
  OverviewResponse,
  UnregisteredAgent,
} from '@agentdeck/plugin-agents-common';
import { PolledContent, plural } from '../common';
import { AgentFilters } from './AgentFilters';
import { TemplateBehindFilter, behindTemplate } from '../TemplateVersion';
import { AgentsTable } from './AgentsTable';
import { OwnerRollupTable } from './OwnerRollupTable';
import { UnregisteredTable } from './UnregisteredTable';
import {
  AgentFilter,
  filterAgents,
  filterOptions,
  filterUnregistered,
  rollupByOwner,
} from './overviewModel';

/**
 * "Readiness is behind its target for 2 of 12 agents: …", or nothing while every
 * agent's readiness is fresh (or the backend does not say).
 */
function readinessBehindText(overview: OverviewResponse): string | undefined {
  const behind = overview.readinessBehind ?? 0;
  if (behind <= 0) return undefined;
  return `Readiness is behind its target for ${behind} of ${plural(
    overview.agents.length,
    'agent',
  )}: an unready pod's checks were not fetched again within twice their interval, for example while the clusters' request budget is saturated.`;
}

/**
 * The unregistered agents the filters leave, or a quiet line when the
 * clusters run none; nothing when the caller may not see them (the overview
 * then has no `unregistered`).
 */
function UnregisteredSection(props: {
  all?: UnregisteredAgent[];
  shown: UnregisteredAgent[];
}) {
  if (!props.all) return null;
  if (props.all.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No unregistered agents: every agent running in the clusters is in the
        catalog.
      </Typography>
    );
  }
  return <UnregisteredTable unregistered={props.shown} />;
}

/** The page body: filters, the agents tables and the totals per owner. */
export function AgentsOverview() {
  const [filter, setFilter] = useState<AgentFilter>({});
  const [templateBehind, setTemplateBehind] = useState(false);
  const state = useOverview({});
  return (
    <PolledContent state={state}>
      {overview => {
        const agents = behindTemplate(
          filterAgents(overview.agents, filter),
          templateBehind,
        );
        // unregistered agents have no template to be behind
        const unregistered = templateBehind
          ? []
          : filterUnregistered(overview.unregistered ?? [], filter);
        const rollup = rollupByOwner(agents, unregistered);
        const behind = readinessBehindText(overview);
        return (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <AgentFilters
                options={filterOptions(overview.agents, overview.unregistered)}
                value={filter}
                onChange={setFilter}
              />
              {behind && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="p"
                  paragraph
                >
                  {behind}
                </Typography>
              )}
              <TemplateBehindFilter
                agents={overview.agents}
                value={templateBehind}
                onChange={setTemplateBehind}
              />
              <AgentsTable agents={agents} />
            </Grid>
            {overview.unregistered && (
              <Grid item xs={12}>
                <UnregisteredSection
                  all={overview.unregistered}
                  shown={unregistered}
                />
              </Grid>
            )}
            <Grid item xs={12}>
              <InfoCard title="Totals per owner">
                <OwnerRollupTable
                  owners={rollup.owners}
                  total={rollup.total}
                  unregisteredColumn={overview.unregistered !== undefined}
                />
              </InfoCard>
            </Grid>
          </Grid>
        );
      }}
    </PolledContent>
  );
}

/** The Agents page: every agent of the organisation. @public */
export function AgentsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Agents"
        subtitle="Every AI agent, its state, replicas and LLM spend"
      />
      <Content>
        <ContentHeader title="All agents" />
        <AgentsOverview />
      </Content>
    </Page>
  );
}
