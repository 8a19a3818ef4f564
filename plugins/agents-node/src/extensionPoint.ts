import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';

/** What {@link agentsKubernetesAuthStrategyExtensionPoint} offers. @public */
export interface AgentsKubernetesAuthStrategyExtensionPoint {
  /** A strategy for clusters whose authProvider is `key`, as registered with the Kubernetes plugin's own extension point. */
  addAuthStrategy(key: string, strategy: AuthenticationStrategy): void;
}

/**
 * Lets a backend module give AgentDeck's agents plugin the custom auth
 * strategies it gave Backstage's Kubernetes plugin.
 * @public
 */
export const agentsKubernetesAuthStrategyExtensionPoint =
  createExtensionPoint<AgentsKubernetesAuthStrategyExtensionPoint>({
    id: 'agents.kubernetes-auth-strategy',
  });
