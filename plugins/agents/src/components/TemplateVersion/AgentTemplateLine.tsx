import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LinkButton } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  AgentTemplateInfo,
  TEMPLATE_UPDATE_PARAMETER,
} from '@agentdeck/plugin-agents-common';
import { AgentRef } from '../../api';
import { useAgentTemplate, useTemplateFormLink } from '../../hooks';
import { errorText } from '../common';

/** "Created from HTTP API agent v1; current v3", or "…v3 (current)". */
export function templateText(t: AgentTemplateInfo): string {
  const created = `Created from ${t.title ?? t.template} v${t.version}`;
  if (t.current === undefined) return created;
  if (!t.behind) return `${created} (current)`;
  return `${created}; current v${t.current}`;
}

/**
 * The template's page with its form filled from the agent's recorded inputs,
 * run as an update proposal; undefined when the template ref is not one.
 */
export function useProposeUpdateLink(): (
  t: AgentTemplateInfo,
) => string | undefined {
  const link = useTemplateFormLink();
  return (t: AgentTemplateInfo) => {
    if (!t.inputs) return undefined;
    let ref;
    try {
      ref = parseEntityRef(t.template, { defaultKind: 'template' });
    } catch {
      return undefined;
    }
    return link(
      { namespace: ref.namespace, templateName: ref.name },
      { ...t.inputs, [TEMPLATE_UPDATE_PARAMETER]: true },
    );
  };
}

/**
 * The template line and, when the agent is behind, what changed since its
 * version and "Propose update": the template's form filled with the inputs
 * the repository records, run to propose the merged update as a branch.
 */
export function TemplateView(props: { template: AgentTemplateInfo }) {
  const t = props.template;
  const proposeLink = useProposeUpdateLink()(t);
  return (
    <Box mb={2} data-testid="agent-template">
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Typography variant="body2">{templateText(t)}</Typography>
        {t.behind && proposeLink && (
          <LinkButton
            to={proposeLink}
            // it navigates: a link, though drawn as a button
            role="link"
            variant="outlined"
            size="small"
            color="primary"
          >
            Propose update to v{t.current}
          </LinkButton>
        )}
      </Box>
      {t.behind && !proposeLink && (
        <Typography variant="caption" color="textSecondary" component="p">
          To propose the update, the agent's repository must be readable and
          record its inputs in .agentdeck/template.json.
        </Typography>
      )}
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
  const state = useAgentTemplate(props.agent);
  if (state.error && !state.value)
    return (
      <Typography variant="caption" color="error" component="p" paragraph>
        Could not read the agent's template: {errorText(state.error)}
      </Typography>
    );
  const template = state.value?.template;
  return template ? <TemplateView template={template} /> : null;
}
