/**
 * Scaffolder actions and templates support for AI agents on Kubernetes.
 *
 * @packageDocumentation
 */
export { default } from './module';
export { scaffolderModuleAgents } from './module';
export { createRenderManifestsAction } from './actions/renderManifests';
export { createKubernetesApplyAction } from './actions/kubernetesApply';
export {
  createRecordTemplateAction,
  TEMPLATE_RECORD_PATH,
} from './actions/recordTemplate';
export {
  createMergeTemplateAction,
  mergeSummary,
} from './actions/mergeTemplate';
export { mergeTrees } from './update/mergeTrees';
export type {
  FileTree,
  ConflictHunk,
  TreeConflict,
  TreeMergeResult,
} from './update/mergeTrees';
export { applyObjects } from './kubernetes/applyObjects';
export type { ApplyResult } from './kubernetes/applyObjects';
export {
  readClusters,
  kubeConfigFor,
  createApplyClusters,
} from './kubernetes/clusters';
export { assertNamespaceAllowed } from './kubernetes/namespaces';
export type {
  ClusterDetails,
  ApplyClusters,
  ApplyClustersOptions,
} from './kubernetes/clusters';
export * from './manifests';
