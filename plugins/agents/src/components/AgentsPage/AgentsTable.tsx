import Typography from '@material-ui/core/Typography';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { AgentState, OverviewAgent } from '@agentdeck/plugin-agents-common';
import { useAgentLink } from '../../hooks';
import { StateChip, formatTokens, formatUsd, shortRef } from '../common';

const STATE_ORDER: Record<AgentState, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};
const tokens = (a: OverviewAgent) => a.tokens24h.input + a.tokens24h.output;

/** All agents with owner, state, replicas and 24 h usage; sortable by each column. */
export function AgentsTable(props: {
  agents: OverviewAgent[];
  title?: string;
}) {
  const link = useAgentLink();
  const columns: TableColumn<OverviewAgent>[] = [
    {
      title: 'Agent',
      field: 'name',
      highlight: true,
      render: a => <Link to={link(a.entityRef)}>{a.title ?? a.name}</Link>,
    },
    { title: 'Owner', field: 'owner', render: a => shortRef(a.owner) },
    {
      title: 'System',
      field: 'system',
      render: a => (a.system ? shortRef(a.system) : ''),
    },
    { title: 'Type', field: 'type' },
    {
      title: 'State',
      field: 'state',
      customSort: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
      render: a => (
        <>
          <StateChip
            state={a.state}
            to={link(a.entityRef)}
            title={a.reasons.join('; ')}
          />
          {a.reasons[0] && (
            <Typography variant="caption" component="div">
              {a.reasons[0]}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Replicas',
      field: 'replicas.ready',
      type: 'numeric',
      customSort: (a, b) => a.replicas.ready - b.replicas.ready,
      render: a => `${a.replicas.ready}/${a.replicas.desired}`,
    },
    {
      title: 'Tokens 24h',
      field: 'tokens24h.input',
      type: 'numeric',
      customSort: (a, b) => tokens(a) - tokens(b),
      render: a =>
        `${formatTokens(a.tokens24h.input)} in / ${formatTokens(
          a.tokens24h.output,
        )} out`,
    },
    {
      title: 'Cost 24h',
      field: 'cost24hUsd',
      type: 'numeric',
      render: a =>
        a.usageError ? (
          <span title={a.usageError}>unknown</span>
        ) : (
          formatUsd(a.cost24hUsd)
        ),
    },
  ];
  return (
    <Table<OverviewAgent>
      title={props.title ?? `Agents (${props.agents.length})`}
      options={{
        paging: props.agents.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={columns}
      data={props.agents}
    />
  );
}
