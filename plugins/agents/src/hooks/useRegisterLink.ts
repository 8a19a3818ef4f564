import { useRouteRef } from '@backstage/core-plugin-api';
import {
  KUBERNETES_ANNOTATIONS,
  UnregisteredAgent,
} from '@agentdeck/plugin-agents-common';
import { registerAgentTemplateRouteRef } from '../routes';

/** The software template that registers an agent (templates/register-agent). */
export const REGISTER_TEMPLATE = {
  namespace: 'default',
  templateName: 'register-agent',
} as const;

/**
 * The register-agent template's form, prefilled from an unregistered agent:
 * its name, likely owner, cluster and namespace, how a catalog `Agent` claims
 * it (its `claimAnnotations`), and a repository named after it.
 */
export function registrationFormData(
  u: UnregisteredAgent,
): Record<string, string> {
  const id = u.claimAnnotations[KUBERNETES_ANNOTATIONS.id];
  const selector = u.claimAnnotations[KUBERNETES_ANNOTATIONS.labelSelector];
  return {
    name: u.name,
    ...(u.owner ? { owner: u.owner } : {}),
    cluster: u.cluster,
    namespace:
      u.claimAnnotations[KUBERNETES_ANNOTATIONS.namespace] ?? u.namespace,
    ...(id
      ? { claimBy: 'kubernetes-id', kubernetesId: id }
      : { claimBy: 'label-selector', labelSelector: selector ?? '' }),
    repoUrl: `github.com?owner=${encodeURIComponent(
      u.namespace,
    )}&repo=${encodeURIComponent(u.name)}`,
  };
}

/**
 * Returns a function giving the URL of a template's page on the scaffolder
 * with its form filled from `formData` (the scaffolder reads the form from the
 * `formData` query parameter).
 */
export function useTemplateFormLink(): (
  template: { namespace: string; templateName: string },
  formData: Record<string, unknown>,
) => string {
  const templateRoute = useRouteRef(registerAgentTemplateRouteRef);
  return (template, formData) => {
    const base = templateRoute
      ? templateRoute(template)
      : `/create/templates/${encodeURIComponent(
          template.namespace,
        )}/${encodeURIComponent(template.templateName)}`;
    return `${base}?formData=${encodeURIComponent(JSON.stringify(formData))}`;
  };
}

/**
 * Returns a function giving the URL that opens the register-agent template
 * prefilled for an unregistered agent.
 */
export function useRegisterLink(): (u: UnregisteredAgent) => string {
  const link = useTemplateFormLink();
  return (u: UnregisteredAgent) =>
    link(REGISTER_TEMPLATE, registrationFormData(u));
}
