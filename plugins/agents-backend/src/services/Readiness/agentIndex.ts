import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { KUBERNETES_ID_LABEL } from '@agentdeck/plugin-agents-common';
import { selectorFor, WorkloadSelector } from '../AgentStatus/selector';

interface Agent {
  ref: string;
  sel: WorkloadSelector;
}

/** Which catalog Agents a pod belongs to, by the Kubernetes plugin's selector rules. */
export interface AgentIndex {
  agentsOf(pod: {
    namespace: string;
    labels: Record<string, string>;
  }): string[];
}

/**
 * Indexes Agents by the kubernetes-id their selector pins, so matching a pod
 * costs a lookup; only selectors that pin none are tried on every pod.
 */
export function indexAgents(entities: Entity[]): AgentIndex {
  const pinned = new Map<string, Agent[]>();
  const loose: Agent[] = [];
  for (const entity of entities) {
    const agent = { ref: stringifyEntityRef(entity), sel: selectorFor(entity) };
    const id = agent.sel.kubernetesId;
    if (id === undefined) loose.push(agent);
    else pinned.set(id, [...(pinned.get(id) ?? []), agent]);
  }
  return {
    agentsOf(pod) {
      const id = pod.labels[KUBERNETES_ID_LABEL];
      const candidates =
        id === undefined ? loose : [...(pinned.get(id) ?? []), ...loose];
      return candidates
        .filter(a => a.sel.matches(pod))
        .map(a => a.ref)
        .sort();
    },
  };
}

/**
 * The catalog's Agents, indexed. Undefined when there is no `listAgents` or
 * it fails (logged as a warning), so that the caller keeps the index it has.
 */
export async function readAgentIndex(
  listAgents: (() => Promise<Entity[]>) | undefined,
  logger: LoggerService,
): Promise<AgentIndex | undefined> {
  if (!listAgents) return undefined;
  try {
    return indexAgents(await listAgents());
  } catch (e) {
    logger.warn(
      `Readiness could not read the catalog's Agents, keeping the last list: ${e}`,
    );
    return undefined;
  }
}
