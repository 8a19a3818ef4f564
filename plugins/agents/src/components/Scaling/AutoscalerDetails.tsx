import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { AutoscalerStatus } from '@agentdeck/plugin-agents-common';
import { describeAutoscaler, metricText } from './describeAutoscaler';

function Figure(props: { label: string; value: number }) {
  return (
    <Box mr={3} textAlign="center">
      <Typography variant="h5">{props.value}</Typography>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
    </Box>
  );
}

/** Replica bounds, metrics against targets and conditions of one autoscaler. */
export function AutoscalerDetails(props: {
  autoscaler: AutoscalerStatus;
  cluster: string;
}) {
  const a = props.autoscaler;
  const kind = a.kind === 'ScaledObject' ? 'KEDA ScaledObject' : 'HPA';
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">{`${kind} ${a.namespace}/${a.name} in ${props.cluster}`}</Typography>
      <Box display="flex" my={1} aria-label="replicas">
        <Figure label="min" value={a.minReplicas} />
        <Figure label="current" value={a.currentReplicas} />
        <Figure label="desired" value={a.desiredReplicas} />
        <Figure label="max" value={a.maxReplicas} />
      </Box>
      {a.metrics.map(m => (
        <Typography variant="body2" key={`${m.source}/${m.name}`}>
          {m.name}: {metricText(m)}
        </Typography>
      ))}
      {describeAutoscaler(a).map(note => (
        <Alert
          key={note.text}
          severity={note.severity}
          style={{ marginTop: 4 }}
        >
          {note.text}
        </Alert>
      ))}
    </Box>
  );
}
