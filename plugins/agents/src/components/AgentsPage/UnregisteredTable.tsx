import Typography from '@material-ui/core/Typography';
import { Table, TableColumn } from '@backstage/core-components';
import { UnregisteredAgent } from '@agentdeck/plugin-agents-common';
import { RegisterButton } from './RegisterButton';
import { StateChip, shortRef } from '../common';
import { figureColumns, noWrap, STATE_ORDER } from './figureColumns';

const SOURCE_TEXT: Record<UnregisteredAgent['source'], string> = {
  label: 'labelled agentdeck.io/agent',
  kagent: 'kagent',
  selector: 'matches the discovery selector',
};

/** "namespace label team", "namespace annotation backstage.io/owner". */
export function ownerSourceText(u: UnregisteredAgent): string | undefined {
  return u.ownerFrom
    ? `namespace ${u.ownerFrom.kind} ${u.ownerFrom.key}`
    : undefined;
}

/** The likely owner and where it was read, or why it is not known. */
function OwnerCell(props: { u: UnregisteredAgent }) {
  const { u } = props;
  if (u.owner) {
    return (
      <>
        {shortRef(u.owner)}
        {u.ownerFrom && (
          <Typography variant="caption" color="textSecondary" component="div">
            from {ownerSourceText(u)}
          </Typography>
        )}
      </>
    );
  }
  return (
    <>
      <span style={{ fontStyle: 'italic' }}>unowned</span>
      <Typography variant="caption" color="textSecondary" component="div">
        {u.ownerUnknown
          ? `namespace not readable: ${u.ownerUnknown}`
          : 'the namespace names no owner'}
      </Typography>
    </>
  );
}

/**
 * Agents the clusters run that no catalog `Agent` claims: where they run, how
 * they were found, their likely owner, state and 24 h usage, and a button
 * that opens their registration prefilled.
 */
export function UnregisteredTable(props: {
  unregistered: UnregisteredAgent[];
}) {
  const columns: TableColumn<UnregisteredAgent>[] = [
    {
      title: 'Agent',
      field: 'name',
      highlight: true,
      width: '18%',
      render: u => (
        <>
          {u.name}
          <Typography variant="caption" color="textSecondary" component="div">
            {u.kind} · {SOURCE_TEXT[u.source]}
          </Typography>
        </>
      ),
    },
    {
      // one column for both, so that every column fits beside the Register buttons
      title: 'Cluster / namespace',
      field: 'cluster',
      width: '14%',
      customSort: (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace),
      render: u => (
        <>
          <div>{u.cluster}</div>
          <div>{u.namespace}</div>
        </>
      ),
    },
    // shown in the columns above; kept for the table's search
    { title: 'Namespace', field: 'namespace', hidden: true, searchable: true },
    { title: 'Kind', field: 'kind', hidden: true, searchable: true },
    {
      title: 'Likely owner',
      field: 'owner',
      width: '18%',
      customSort: (a, b) =>
        (a.owner ?? '\uffff').localeCompare(b.owner ?? '\uffff'),
      render: u => <OwnerCell u={u} />,
    },
    {
      title: 'State',
      field: 'state',
      width: '14%',
      cellStyle: { overflowWrap: 'anywhere' },
      customSort: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
      render: u => (
        <>
          <StateChip state={u.state} title={u.reasons.join('; ')} />
          {u.reasons[0] && (
            <Typography variant="caption" component="div">
              {u.reasons[0]}
            </Typography>
          )}
        </>
      ),
    },
    ...figureColumns<UnregisteredAgent>(),
    {
      title: '',
      field: 'id',
      sorting: false,
      searchable: false,
      cellStyle: noWrap(),
      render: u => <RegisterButton agent={u} />,
    },
  ];
  return (
    <Table<UnregisteredAgent>
      title={`Unregistered agents (${props.unregistered.length})`}
      subtitle="Running in the clusters, claimed by no catalog Agent. Register one to give it an owner and a page."
      options={{
        paging: props.unregistered.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={columns}
      data={props.unregistered}
    />
  );
}
