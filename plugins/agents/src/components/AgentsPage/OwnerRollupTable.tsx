import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { AgentState, OwnerRollup } from '@agentdeck/plugin-agents-common';
import { formatTokens, formatUsd, shortRef } from '../common';

const STATES: AgentState[] = ['down', 'degraded', 'unknown', 'healthy'];

function stateText(r: OwnerRollup): string {
  return STATES.filter(s => r.byState[s] > 0)
    .map(s => `${r.byState[s]} ${s}`)
    .join(', ');
}

function Row(props: { r: OwnerRollup; label: string }) {
  const { r } = props;
  return (
    <TableRow>
      <TableCell>{props.label}</TableCell>
      <TableCell align="right">{r.agents}</TableCell>
      <TableCell>{stateText(r)}</TableCell>
      <TableCell align="right">{`${r.replicas.ready}/${r.replicas.desired}`}</TableCell>
      <TableCell align="right">{`${formatTokens(
        r.tokens24h.input,
      )} / ${formatTokens(r.tokens24h.output)}`}</TableCell>
      <TableCell align="right">{formatUsd(r.cost24hUsd)}</TableCell>
    </TableRow>
  );
}

/** Totals per owner, then over all owners. */
export function OwnerRollupTable(props: {
  owners: OwnerRollup[];
  total?: OwnerRollup;
}) {
  return (
    <Table size="small" aria-label="totals per owner">
      <TableHead>
        <TableRow>
          <TableCell>Owner</TableCell>
          <TableCell align="right">Agents</TableCell>
          <TableCell>States</TableCell>
          <TableCell align="right">Replicas ready</TableCell>
          <TableCell align="right">Tokens 24h in / out</TableCell>
          <TableCell align="right">Cost 24h</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.owners.map(r => (
          <Row key={r.owner} r={r} label={shortRef(r.owner)} />
        ))}
        {props.total && props.owners.length > 1 && (
          <Row r={props.total} label="All owners" />
        )}
      </TableBody>
    </Table>
  );
}
