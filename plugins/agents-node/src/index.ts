/**
 * Node.js library shared by AgentDeck's backend plugins.
 *
 * @packageDocumentation
 */
export * from './kubernetesClusters';
