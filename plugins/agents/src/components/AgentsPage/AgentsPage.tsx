import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
} from '@backstage/core-components';
import { useOverview } from '../../hooks';
import { PolledContent } from '../common';
import { AgentFilters } from './AgentFilters';
import { AgentsTable } from './AgentsTable';
import { OwnerRollupTable } from './OwnerRollupTable';
import {
  AgentFilter,
  filterAgents,
  filterOptions,
  rollupByOwner,
} from './overviewModel';

/** The page body: filters, the agents table and the totals per owner. */
export function AgentsOverview() {
  const [filter, setFilter] = useState<AgentFilter>({});
  const state = useOverview({});
  return (
    <PolledContent state={state}>
      {overview => {
        const agents = filterAgents(overview.agents, filter);
        const rollup = rollupByOwner(agents);
        return (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <AgentFilters
                options={filterOptions(overview.agents)}
                value={filter}
                onChange={setFilter}
              />
              <AgentsTable agents={agents} />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Totals per owner">
                <OwnerRollupTable owners={rollup.owners} total={rollup.total} />
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
