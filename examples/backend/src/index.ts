/*
 * The example AgentDeck backend: a stock Backstage backend with the
 * Kubernetes plugin and AgentDeck's plugins added.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localRepoUrlReaderServiceFactory } from '@agentdeck/scaffolder-backend-module-local-publish';
import { permissionPolicyModule } from './permissionPolicy';
import { demoHistoryModule } from './demoHistory';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-techdocs-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Not allow-all: the Kubernetes plugin's proxy would lend every user the
// cluster token (see permissionPolicy.ts).
backend.add(permissionPolicyModule);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// AgentDeck
backend.add(import('@agentdeck/plugin-catalog-backend-module-agents'));
backend.add(import('@agentdeck/plugin-scaffolder-backend-module-agents'));
// Demo tooling: agentdeck:publish:local, and a reader so the catalog and TechDocs read what it
// published (a real installation uses publish:github and its Git host's integration).
backend.add(import('@agentdeck/scaffolder-backend-module-local-publish'));
backend.add(localRepoUrlReaderServiceFactory);
backend.add(import('@agentdeck/plugin-agents-backend'));
// Demo tooling: a fresh demo starts with the sandbox fleet's past week (agentdeckDemo.history,
// which ./agentdeck start writes), written through the agents plugin's alpha store API.
backend.add(demoHistoryModule);
// Assistants (MCP clients) reach the actions of the plugins listed in
// backend.actions.pluginSources (app-config.yaml) at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
