import { agentEntity } from '@agentdeck/test-utils';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { SandboxInfo } from './sandboxProcess';

/** Agent entities matching the sandbox's generated fleet (`synthetic-agent-NNNN`). */
export function syntheticAgents(count: number): Entity[] {
  const pad = String(count).length;
  const owners = [
    'billing-team',
    'support-team',
    'research-team',
    'platform-team',
  ];
  return Array.from({ length: count }, (_, i) => {
    const name = `synthetic-agent-${String(i).padStart(pad, '0')}`;
    return agentEntity(name, {
      owner: `group:default/${owners[i % owners.length]}`,
      models: [{ provider: 'openai', name: 'gpt-4o-mini' }],
      scaling: { mode: 'none' },
    });
  });
}

/** The standard `kubernetes` section, as both plugins read it. */
function kubernetesConfig(clusters: SandboxInfo[]): JsonObject {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          caData: c.caData,
        })),
      },
    ],
  };
}

/** A running in-process Backstage backend with both plugins. */
export interface BenchBackend {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * A real Backstage backend: AgentDeck's agents plugin and Backstage's
 * Kubernetes plugin side by side, a catalog holding the entities, and the
 * same `kubernetes` config for both.
 */
export async function startBenchBackend(opts: {
  clusters: SandboxInfo[];
  entities: Entity[];
  agents?: JsonObject;
  /** The database of the plugins' stores, shared by replicas; without it, an in-memory SQLite per backend. */
  knex?: Knex;
}): Promise<BenchBackend> {
  const backend = await startTestBackend({
    features: [
      import('@agentdeck/plugin-agents-backend'),
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({ entities: opts.entities }),
      ...(opts.knex
        ? [mockServices.database.factory({ knex: opts.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: kubernetesConfig(opts.clusters),
          agents: opts.agents ?? {},
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => backend.stop() };
}
