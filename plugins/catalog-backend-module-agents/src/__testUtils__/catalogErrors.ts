import { createBackendModule } from '@backstage/backend-plugin-api';
import { CATALOG_ERRORS_TOPIC } from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';

/**
 * A catalog module that records the processing errors the catalog publishes, as
 * `<entity ref>: <message>`, so a test can assert what a real catalog refused and why.
 */
export function catalogErrorCollector() {
  const errors: string[] = [];
  const module = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-collector',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-error-collector',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              const { entity, errors: list } = eventPayload as {
                entity: string;
                errors: Array<{ message: string }>;
              };
              for (const e of list) errors.push(`${entity}: ${e.message}`);
            },
          });
        },
      });
    },
  });
  return { errors, module };
}
