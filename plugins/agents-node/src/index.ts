/**
 * Node.js library shared by AgentDeck's backend plugins.
 *
 * @packageDocumentation
 */
export * from './kubernetesClusters';
export type { KubernetesCluster, KubernetesClusterSupplier } from './types';
export { credentialRequestOptions } from './credentials';
export type { KubernetesRequestCredentials } from './credentials';
export { agentsKubernetesAuthStrategyExtensionPoint } from './extensionPoint';
export type { AgentsKubernetesAuthStrategyExtensionPoint } from './extensionPoint';
export type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
