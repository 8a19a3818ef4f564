/**
 * AgentDeck backend: live health, readiness breakdown and autoscaler state of Agent entities.
 *
 * @packageDocumentation
 */
export { agentsPlugin as default } from './plugin';
