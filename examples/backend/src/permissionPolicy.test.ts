import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  agentsHealthReadPermission,
  agentsUnregisteredReadPermission,
} from '@agentdeck/plugin-agents-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  createPermission,
  isResourcePermission,
  Permission,
} from '@backstage/plugin-permission-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import request from 'supertest';
import {
  ExamplePermissionPolicy,
  permissionPolicyModule,
} from './permissionPolicy';

const guestRef = 'user:development/guest';
const guest = {
  credentials: mockCredentials.user(guestRef),
  info: { userEntityRef: guestRef, ownershipEntityRefs: [guestRef] },
};

describe('the example permission policy', () => {
  const policy: PermissionPolicy = new ExamplePermissionPolicy();
  const decide = async (permission: Permission) =>
    (await policy.handle({ permission }, guest)).result;

  it('denies the Kubernetes proxy, which would lend every user the cluster token', async () => {
    expect(await decide(kubernetesProxyPermission)).toBe(AuthorizeResult.DENY);
  });

  it('allows what the example app needs', async () => {
    for (const p of [
      catalogEntityReadPermission,
      taskCreatePermission,
      agentsHealthReadPermission,
      // signed-in users see the agents no catalog entity claims, with their likely owners
      agentsUnregisteredReadPermission,
      kubernetesResourcesReadPermission,
    ]) {
      expect([p.name, await decide(p)]).toEqual([
        p.name,
        AuthorizeResult.ALLOW,
      ]);
    }
  });

  it('denies permissions it does not know', async () => {
    const unknown = createPermission({
      name: 'newplugin.admin',
      attributes: {},
    });
    expect(await decide(unknown)).toBe(AuthorizeResult.DENY);
  });
});

describe('the permission backend with the example policy', () => {
  it("answers a guest's authorize requests with the policy's decisions", async () => {
    const { server } = await startTestBackend({
      features: [permissionPlugin, permissionPolicyModule],
    });
    const asked = [
      kubernetesProxyPermission,
      catalogEntityReadPermission,
      agentsHealthReadPermission,
      agentsUnregisteredReadPermission,
    ];
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('authorization', mockCredentials.user.header(guestRef))
      .send({
        items: asked.map((permission, i) => ({
          id: String(i),
          permission,
          ...(isResourcePermission(permission)
            ? { resourceRef: 'agent:default/billing-agent' }
            : {}),
        })),
      });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: '0', result: AuthorizeResult.DENY },
      { id: '1', result: AuthorizeResult.ALLOW },
      { id: '2', result: AuthorizeResult.ALLOW },
      { id: '3', result: AuthorizeResult.ALLOW },
    ]);
  });
});
