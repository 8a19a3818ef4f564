export { createEntityAccess } from './createEntityAccess';
export type { EntityAccessService } from './types';
