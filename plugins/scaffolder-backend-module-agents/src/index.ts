/**
 * Scaffolder actions and templates support for AI agents on Kubernetes.
 *
 * @packageDocumentation
 */
export { default } from './module';
export { scaffolderModuleAgents } from './module';
export { createRenderManifestsAction } from './actions/renderManifests';
export {
  createPublishLocalAction,
  localPublishDirectory,
} from './actions/publishLocal';
export { localPublishLayout } from './actions/localRepos';
export { createKubernetesApplyAction } from './actions/kubernetesApply';
export {
  LocalRepoUrlReader,
  localRepoReaderFactory,
  localRepoUrlReaderServiceFactory,
} from './urlReader/localRepoUrlReader';
export { applyObjects } from './kubernetes/applyObjects';
export type { ApplyResult } from './kubernetes/applyObjects';
export { readClusters, kubeConfigFor } from './kubernetes/clusters';
export { assertNamespaceAllowed } from './kubernetes/namespaces';
export type { ClusterDetails } from './kubernetes/clusters';
export * from './manifests';
