import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import type { SandboxCluster } from '@agentdeck/sandbox-cluster';
import { agentsPlugin } from '../plugin';

/** Only this user sees entities annotated `test/hidden`: proves the caller's credentials reach the catalog. */
export const INSIDER = 'user:default/insider';

/** A catalog that hides `test/hidden` entities from everyone but {@link INSIDER}. */
function hidingCatalog(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory() {
      const inner = catalogServiceMock({ entities });
      async function getEntityByRef(
        ref: string,
        options: { credentials: { principal: unknown } },
      ) {
        const entity = entities.find(e => stringifyEntityRef(e) === ref);
        const principal = options.credentials.principal as {
          userEntityRef?: string;
        };
        if (
          entity?.metadata.annotations?.['test/hidden'] &&
          principal.userEntityRef !== INSIDER
        )
          return undefined;
        return entity;
      }
      // the mock keeps its entities in private fields: its methods must run with `this` the mock itself
      return new Proxy(inner, {
        get(target, prop) {
          if (prop === 'getEntityByRef') return getEntityByRef;
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  });
}

/** Kubernetes config for sandboxes, in the Kubernetes plugin's format. */
export function kubernetesConfig(clusters: SandboxCluster[]): JsonObject {
  return {
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

/** Starts the plugin against sandboxes with a catalog of the given entities. */
export function startAgentsBackend(opts: {
  clusters: SandboxCluster[];
  entities: Entity[];
  agents?: JsonObject;
  extra?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  return startTestBackend({
    features: [
      agentsPlugin,
      hidingCatalog(opts.entities),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: kubernetesConfig(opts.clusters),
          agents: opts.agents ?? {},
        },
      }),
      ...(opts.extra ?? []),
    ],
  });
}
