import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { AgentsClient, agentsApiRef } from '../api';

/** The `AgentsClient` as a utility API. @alpha */
export const agentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: agentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AgentsClient(deps),
    }),
});
