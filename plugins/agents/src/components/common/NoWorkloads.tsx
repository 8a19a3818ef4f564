import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { AgentStatusResponse } from '@agentdeck/plugin-agents-common';

/** Explains that nothing was found and which annotation or label to add. */
export function NoWorkloads(props: {
  entityName: string;
  status: AgentStatusResponse;
}) {
  const { noWorkloads, selector } = props.status;
  if (!noWorkloads) return null;
  const snippet = [
    'metadata:',
    '  annotations:',
    `    ${noWorkloads.annotation}: ${props.entityName}`,
  ].join('\n');
  return (
    <EmptyState
      missing="field"
      title="No Kubernetes workloads found"
      description={noWorkloads.message}
      action={
        <>
          <Typography variant="body1" paragraph>
            Add the annotation <code>{noWorkloads.annotation}</code> to the
            entity, and the matching label to its Deployment or StatefulSet.
            Looked up with <code>{selector.labelSelector}</code>
            {selector.namespace ? ` in namespace ${selector.namespace}` : ''}.
          </Typography>
          <CodeSnippet language="yaml" text={snippet} showCopyCodeButton />
        </>
      }
    />
  );
}
