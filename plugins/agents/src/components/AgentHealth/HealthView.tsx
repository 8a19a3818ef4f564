import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { ClusterErrors, NoWorkloads, StateChip, formatAge } from '../common';
import { summarizeCluster } from './clusterSummary';

/** Overall state, reasons and per-cluster pod figures of an agent. */
export function HealthView(props: {
  status: AgentStatusResponse;
  entityName: string;
}) {
  const { status } = props;
  const healthy = status.clusters.filter(c => !c.error);
  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <StateChip state={status.state} />
        {status.dataAgeSeconds !== undefined && (
          <Typography
            variant="caption"
            color={status.stale ? 'error' : 'textSecondary'}
          >
            {`${status.stale ? 'stale, ' : ''}updated ${formatAge(
              status.dataAgeSeconds,
            )}`}
          </Typography>
        )}
      </Box>
      {status.reasons.length > 0 && (
        <ul aria-label="state reasons">
          {status.reasons.map(r => (
            <li key={r}>
              <Typography variant="body2">{r}</Typography>
            </li>
          ))}
        </ul>
      )}
      <ClusterErrors status={status} />
      <NoWorkloads status={status} entityName={props.entityName} />
      {healthy.length > 0 && (
        <Table size="small" aria-label="clusters">
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell>Pods ready</TableCell>
              <TableCell>Restarts</TableCell>
              <TableCell>Rollout</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {healthy.map(summarizeCluster).map(s => (
              <TableRow key={s.cluster}>
                <TableCell>{s.cluster}</TableCell>
                <TableCell>{`${s.podsReady}/${s.podsTotal}`}</TableCell>
                <TableCell>{s.restarts}</TableCell>
                <TableCell>{s.rollout}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
