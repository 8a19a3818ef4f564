export { createClusterCache } from './createClusterCache';
export type { ClusterCacheOptions } from './createClusterCache';
export { createPodProxy } from './createPodProxy';
export { readClusters, readClusterSource } from './readClusters';
export { KubeRequestError } from './kubeClient';
export type * from './types';
