/**
 * Catalog module for AgentDeck: validates the `Agent` kind and emits its relations.
 *
 * @packageDocumentation
 */
export { catalogModuleAgents as default } from './module';
export { AgentEntitiesProcessor } from './processor/AgentEntitiesProcessor';
