import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Agents page. @public */
export const rootRouteRef = createRouteRef({ id: 'agents' });
