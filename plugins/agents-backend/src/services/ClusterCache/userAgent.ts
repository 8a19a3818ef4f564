import packageJson from '../../../package.json';

/**
 * What AgentDeck calls itself in API-server audit logs and metrics:
 * `agentdeck-agents-backend/<version> (<cluster>)`. A header value must be
 * printable ASCII, so anything else in a cluster's name becomes `_`.
 */
export function userAgentFor(cluster: string): string {
  const name = cluster.replace(/[^\x20-\x7e]|[()\\]/g, '_');
  return `agentdeck-agents-backend/${packageJson.version} (${name})`;
}
