import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** Route of the Agents page. @public */
export const rootRouteRef = createRouteRef({ id: 'agents' });

/**
 * The scaffolder's page of one template, where an unregistered agent's
 * "Register" button opens the `register-agent` template with its form
 * prefilled, and an Agent tab's "Propose update" the agent's own template
 * with the inputs its repository records. The new frontend system binds it to the scaffolder's
 * `selectedTemplate` route by default; a legacy app binds it in `bindRoutes`
 * (unbound, the button links to `/create/templates/default/register-agent`).
 * @public
 */
export const registerAgentTemplateRouteRef = createExternalRouteRef({
  id: 'agents-register-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
