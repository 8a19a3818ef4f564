import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PodStatus } from '@agentdeck/plugin-agents-common';
import { formatAge } from '../common';
import { CheckCell } from './CheckCell';
import { ClusterPod } from './readinessSummary';

function podProblem(pod: PodStatus): string | undefined {
  const parts: string[] = [];
  if (pod.waitingReason) parts.push(pod.waitingReason);
  if (pod.lastTerminationReason) {
    const code =
      pod.lastTerminationExitCode !== undefined
        ? ` ${pod.lastTerminationExitCode}`
        : '';
    parts.push(`last exit ${pod.lastTerminationReason}${code}`);
  }
  return parts.length ? parts.join(', ') : undefined;
}

/** "checked 40 s ago": ready pods are fetched again only while someone looks, so ages differ. */
function checkedAgo(pod: PodStatus, generatedAt: string): string | undefined {
  const fetched = Date.parse(pod.readiness?.fetchedAt ?? '');
  const now = Date.parse(generatedAt);
  if (Number.isNaN(fetched) || Number.isNaN(now)) return undefined;
  return `checked ${formatAge((now - fetched) / 1000)}`;
}

/** Pods by readiness checks, with each pod's load, restarts and the age of its breakdown. */
export function ReadinessGrid(props: {
  pods: ClusterPod[];
  checks: string[];
  multiCluster: boolean;
  /** The status answer's time, against which each breakdown's age is told. */
  generatedAt: string;
}) {
  const { pods, checks } = props;
  return (
    <Table size="small" aria-label="readiness">
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell>Ready</TableCell>
          {checks.map(name => (
            <TableCell key={name}>{name}</TableCell>
          ))}
          <TableCell>Load</TableCell>
          <TableCell>Restarts</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pods.map(({ cluster, pod }) => {
          const problem = podProblem(pod);
          const readiness = pod.readiness;
          const checked = checkedAgo(pod, props.generatedAt);
          return (
            <TableRow key={`${cluster}/${pod.namespace}/${pod.name}`}>
              <TableCell>
                {props.multiCluster ? `${cluster} / ${pod.name}` : pod.name}
                {problem && (
                  <Typography variant="caption" component="div" color="error">
                    {problem}
                  </Typography>
                )}
                {checked && (
                  <Typography
                    variant="caption"
                    component="div"
                    color="textSecondary"
                  >
                    {checked}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{pod.ready ? 'yes' : 'no'}</TableCell>
              {readiness?.error && readiness.checks.length === 0 ? (
                <TableCell colSpan={checks.length || 1}>
                  <Typography variant="caption">
                    no breakdown: {readiness.error}
                  </Typography>
                </TableCell>
              ) : (
                checks.map(name => (
                  <TableCell key={name}>
                    <CheckCell
                      pod={pod.name}
                      check={readiness?.checks.find(c => c.name === name)}
                    />
                  </TableCell>
                ))
              )}
              <TableCell>{readiness?.load ?? '–'}</TableCell>
              <TableCell>{pod.restarts}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
