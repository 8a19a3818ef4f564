import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { AgentState, OwnerRollup } from '@agentdeck/plugin-agents-common';
import { formatTokens, formatUsd, shortRef } from '../common';

const STATES: AgentState[] = ['down', 'degraded', 'unknown', 'healthy'];
// figures never break inside; in a narrow card (a group's) the states wrap instead
const figure = { whiteSpace: 'nowrap' } as const;

const useStyles = makeStyles({
  // words whole ("Unregistered", not "Unregis-tered"): the theme breaks cells' words anywhere
  table: { '& th, & td': { wordBreak: 'normal' } },
});

function stateText(r: OwnerRollup): string {
  return STATES.filter(s => r.byState[s] > 0)
    .map(s => `${r.byState[s]} ${s}`)
    .join(', ');
}

function Row(props: {
  r: OwnerRollup;
  label: string;
  unregisteredColumn?: boolean;
}) {
  const { r } = props;
  return (
    <TableRow>
      <TableCell
        title={
          r.unowned
            ? 'Unregistered agents whose namespace names no owner'
            : undefined
        }
        style={r.unowned ? { fontStyle: 'italic' } : undefined}
      >
        {props.label}
      </TableCell>
      <TableCell align="right">{r.agents}</TableCell>
      {props.unregisteredColumn && (
        <TableCell align="right">{r.unregistered ?? 0}</TableCell>
      )}
      <TableCell>{stateText(r)}</TableCell>
      <TableCell align="right" style={figure}>
        {`${r.replicas.ready}/${r.replicas.desired}`}
      </TableCell>
      <TableCell align="right" style={figure}>{`${formatTokens(
        r.tokens24h.input,
      )} / ${formatTokens(r.tokens24h.output)}`}</TableCell>
      <TableCell align="right" style={figure}>
        {formatUsd(r.cost24hUsd)}
      </TableCell>
    </TableRow>
  );
}

/**
 * Totals per owner, then over all owners. With `unregisteredColumn` (the
 * caller may see unregistered agents) a column says how many of each owner's
 * agents are unregistered; the `unowned` row is theirs alone.
 */
export function OwnerRollupTable(props: {
  owners: OwnerRollup[];
  total?: OwnerRollup;
  unregisteredColumn?: boolean;
}) {
  const { unregisteredColumn } = props;
  const classes = useStyles();
  return (
    <Table size="small" aria-label="totals per owner" className={classes.table}>
      <TableHead>
        <TableRow>
          <TableCell>Owner</TableCell>
          <TableCell align="right">Agents</TableCell>
          {unregisteredColumn && (
            <TableCell align="right">Unregistered</TableCell>
          )}
          <TableCell>States</TableCell>
          <TableCell align="right">Replicas ready</TableCell>
          <TableCell align="right">Tokens 24h in / out</TableCell>
          <TableCell align="right">Cost 24h</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.owners.map(r => (
          <Row
            key={r.owner}
            r={r}
            label={r.unowned ? 'unowned' : shortRef(r.owner)}
            unregisteredColumn={unregisteredColumn}
          />
        ))}
        {props.total && props.owners.length > 1 && (
          <Row
            r={props.total}
            label="All owners"
            unregisteredColumn={unregisteredColumn}
          />
        )}
      </TableBody>
    </Table>
  );
}
