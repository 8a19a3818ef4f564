export {
  createDiscoveryService,
  unregisteredId,
} from './createDiscoveryService';
export type {
  DiscoveryService,
  DiscoverySettings,
  SampleTarget,
  UnregisteredWorkload,
  UsageTarget,
} from './createDiscoveryService';
export { namespaceOwner, toOwnerRef } from './owner';
