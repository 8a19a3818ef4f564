import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogErrorCollector } from './__testUtils__/catalogErrors';
import { catalogModuleAgents } from './module';

const { errors, module: errorCollector } = catalogErrorCollector();

async function waitFor<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for the catalog');
}

describe('the Agent kind in a real catalog', () => {
  it('loads valid agents with relations and reports invalid ones by field', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAgents,
        errorCollector,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Agent', 'Group', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(__dirname, '__fixtures__/agents.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });

    const agents = await waitFor(async () => {
      const res = await request(server)
        .get('/api/catalog/entities?filter=kind=agent')
        .set('authorization', mockCredentials.user.header());
      return res.body.length === 2 ? res.body : undefined;
    });
    expect(agents.map((e: any) => e.metadata.name).sort()).toEqual([
      'another-good-agent',
      'good-agent',
    ]);
    const good = agents.find((e: any) => e.metadata.name === 'good-agent');
    expect(good.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/billing-team' },
      ]),
    );

    await waitFor(async () => (errors.length >= 2 ? true : undefined));
    expect(errors.join('\n')).toMatch(
      /inverted-bounds-agent.*spec\.scaling\.minReplicas \(6\) must not be greater than spec\.scaling\.maxReplicas \(2\)/,
    );
    expect(errors.join('\n')).toMatch(/unknown-type-agent.*\/spec\/type/);

    const group = await request(server)
      .get('/api/catalog/entities/by-name/group/default/billing-team')
      .set('authorization', mockCredentials.user.header());
    expect(group.body.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownerOf', targetRef: 'agent:default/good-agent' },
        { type: 'ownerOf', targetRef: 'agent:default/another-good-agent' },
      ]),
    );
  });
});
