export { createDriftService, repositoryUrl } from './createDriftService';
export type { DriftService, DriftServiceOptions } from './createDriftService';
export { buildKustomization } from './kustomize';
export { compareObjects } from './compare';
