import { createBackendModule } from '@backstage/backend-plugin-api';
import { agentsPermissions } from '@agentdeck/plugin-agents-common';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';

const allowed: Permission[] = [
  ...catalogPermissions,
  ...scaffolderPermissions,
  ...agentsPermissions,
  kubernetesClustersReadPermission,
  kubernetesResourcesReadPermission,
];

/**
 * What a signed-in user of the example app may do: use the catalog (which
 * TechDocs and search also check), the scaffolder, AgentDeck and the
 * Kubernetes plugin's entity tab. Anything else is denied, so a plugin added
 * later starts closed until it is listed here.
 */
export class ExamplePermissionPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery): Promise<PolicyDecision> {
    // The Kubernetes plugin's proxy (/api/kubernetes/proxy) forwards any
    // request to a cluster with Backstage's own service-account token, so
    // whoever may use it can do everything that token can: with a token that
    // reads Secrets, every user reads every Secret. Nobody gets it here, even
    // if the Kubernetes permissions are added to the list below; the
    // Kubernetes tab works without it, only its pod logs and events do not.
    if (isPermission(request.permission, kubernetesProxyPermission)) {
      return { result: AuthorizeResult.DENY };
    }
    return allowed.some(p => isPermission(request.permission, p))
      ? { result: AuthorizeResult.ALLOW }
      : { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link ExamplePermissionPolicy} in the permission backend. */
export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ExamplePermissionPolicy());
      },
    });
  },
});
