import Typography from '@material-ui/core/Typography';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { OverviewAgent } from '@agentdeck/plugin-agents-common';
import { useAgentLink } from '../../hooks';
import { StateChip, shortRef } from '../common';
import { figureColumns, noWrap, STATE_ORDER } from './figureColumns';

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
    ...figureColumns<OverviewAgent>(),
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
