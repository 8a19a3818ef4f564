export { createAgentCardService } from './createAgentCardService';
export type { AgentCardServiceOptions } from './createAgentCardService';
export { cardMismatches } from './cardMismatches';
export type * from './types';
