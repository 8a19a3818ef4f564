import Typography from '@material-ui/core/Typography';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';
import { ReadinessGrid } from './ReadinessGrid';
import { allPods, checkNames, readinessSummary } from './readinessSummary';

/** The readiness summary line and the pods x checks grid. */
export function ReadinessView(props: { status: AgentStatusResponse }) {
  const pods = allPods(props.status);
  const clusters = new Set(pods.map(p => p.cluster));
  return (
    <>
      <Typography variant="body1" gutterBottom data-testid="readiness-summary">
        {readinessSummary(pods)}
      </Typography>
      {pods.length > 0 && (
        <ReadinessGrid
          pods={pods}
          checks={checkNames(pods)}
          multiCluster={clusters.size > 1}
          generatedAt={props.status.generatedAt}
        />
      )}
    </>
  );
}
