/**
 * Real servers on 127.0.0.1 for AgentDeck's tests and benchmarks.
 *
 * @packageDocumentation
 */
export { agentEntity } from './agentEntity';
export { freePort } from './freePort';
export { kubectlPath } from './kubectlPath';
export { startPostgres } from './startPostgres';
export type { TestPostgres } from './startPostgres';
export { startPrometheus } from './startPrometheus';
export type { TestPrometheus } from './startPrometheus';
