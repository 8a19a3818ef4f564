import { CSSProperties } from 'react';
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
// a new object for each column: the Table adds to a highlighted column's style in place
const noWrap = (): CSSProperties => ({ whiteSpace: 'nowrap' });

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
      cellStyle: noWrap(),
      render: a => (
        <>
          <Link to={link(a.entityRef)}>{a.title ?? a.name}</Link>
          <Typography variant="caption" color="textSecondary" component="div">
            {[a.system && shortRef(a.system), a.type]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      cellStyle: noWrap(),
      render: a => shortRef(a.owner),
    },
    // shown under the agent's name; kept as columns for the table's search
    { title: 'System', field: 'system', hidden: true, searchable: true },
    { title: 'Type', field: 'type', hidden: true, searchable: true },
    {
      title: 'State',
      field: 'state',
      cellStyle: { minWidth: 200, overflowWrap: 'anywhere' },
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
      // counted from the pods, as the state is: "0/3" beside "3 of 3 pods not ready"
      title: 'Ready / desired',
      field: 'replicas.ready',
      type: 'numeric',
      cellStyle: noWrap(),
      customSort: (a, b) => a.replicas.ready - b.replicas.ready,
      render: a => `${a.replicas.ready}/${a.replicas.desired}`,
    },
    {
      title: 'Tokens 24h',
      field: 'tokens24h.input',
      type: 'numeric',
      cellStyle: noWrap(),
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
      cellStyle: noWrap(),
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
