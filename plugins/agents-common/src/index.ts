/**
 * Common types, the `Agent` kind, permissions and metric names for AgentDeck.
 *
 * @packageDocumentation
 */
export * from './kinds';
export * from './rest';
export * from './card';
export * from './permissions';
export * from './metrics';
