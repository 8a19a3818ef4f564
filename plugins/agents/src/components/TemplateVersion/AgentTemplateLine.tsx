import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import { AgentTemplateInfo } from '@agentdeck/plugin-agents-common';
import { AgentRef, agentsApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';

/** How often the template line is asked for again: templates change rarely. */
export const TEMPLATE_POLL_INTERVAL_MS = 300_000;

/** "Created from HTTP API agent v1; current v3", or "…v3 (current)". */
export function templateText(t: AgentTemplateInfo): string {
  const created = `Created from ${t.title ?? t.template} v${t.version}`;
  if (t.current === undefined) return created;
  if (!t.behind) return `${created} (current)`;
  return `${created}; current v${t.current}`;
}

/** The template line and, when the agent is behind, what changed since its version. */
export function TemplateView(props: { template: AgentTemplateInfo }) {
  const t = props.template;
  return (
    <Box mb={2} data-testid="agent-template">
      <Typography variant="body2">{templateText(t)}</Typography>
      {t.behind && t.changes.length > 0 && (
        <Box component="ul" mt={0.5} mb={0} pl={3}>
          {t.changes.map(c => (
            <Typography
              key={c.version}
              component="li"
              variant="body2"
              color="textSecondary"
            >
              v{c.version}: {c.text}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

/**
 * The Agent tab's line about the template that created the agent; nothing
 * while it loads or when the agent records no template.
 */
export function AgentTemplateLine(props: { agent: AgentRef }) {
  const api = useApi(agentsApiRef);
  const { namespace, name } = props.agent;
  const state = usePolling(
    () => api.getTemplate({ namespace, name }),
    [api, namespace, name],
    TEMPLATE_POLL_INTERVAL_MS,
  );
  if (state.error && !state.value)
    return (
      <Typography variant="caption" color="error" component="p" paragraph>
        Could not read the agent's template: {state.error.message}
      </Typography>
    );
  const template = state.value?.template;
  return template ? <TemplateView template={template} /> : null;
}
