import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { parse } from 'yaml';
import { catalogErrorCollector } from './__testUtils__/catalogErrors';
import { catalogModuleAgents } from './module';

const BENIGN_URL =
  'https://git.example.com/support/faq-agent/catalog-info.yaml';
const HOSTILE_URL =
  'https://git.example.com/support/evil-agent/catalog-info.yaml';

const AGENT = `
apiVersion: agentdeck.io/v1alpha1
kind: Agent
metadata: { name: faq-agent }
spec:
  type: api
  lifecycle: experimental
  owner: group:default/support-team
  models: [{ provider: openai, name: gpt-4o-mini }]
  scaling: { mode: hpa, minReplicas: 1, maxReplicas: 2 }
`;

/** What a hostile template user's repository held: an agent, a User and a Group membership. */
const INJECTED = `${AGENT.replace('faq-agent', 'evil-agent')}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: mallory }
spec: { memberOf: [billing-team] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: billing-team }
spec: { type: team, children: [], members: [mallory] }
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: more }
spec: { targets: [https://git.example.com/elsewhere/all.yaml] }
`;

const urlReader = createServiceFactory({
  service: coreServices.urlReader,
  deps: {},
  factory: () => ({
    async readUrl(url: string) {
      const buffer = Buffer.from(url === HOSTILE_URL ? INJECTED : AGENT);
      return { buffer: async () => buffer, etag: 'e1' };
    },
    async readTree() {
      throw new Error('not used');
    },
    async search(url: string) {
      const buffer = Buffer.from(url === HOSTILE_URL ? INJECTED : AGENT);
      return { etag: 'e1', files: [{ url, content: async () => buffer }] };
    },
  }),
});

const { errors, module: errorCollector } = catalogErrorCollector();

describe("the example app's catalog rules", () => {
  it('let a registered repository add agents, and refuse one that adds Users, Groups or Locations', async () => {
    const appConfig = parse(
      readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
    );
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAgents,
        urlReader,
        errorCollector,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: appConfig.catalog.rules,
              // A config location without rules of its own meets the global rules, as a
              // repository registered through the UI or catalog:register does.
              locations: [
                { type: 'url', target: BENIGN_URL },
                { type: 'url', target: HOSTILE_URL },
              ],
            },
          },
        }),
      ],
    });
    const auth = mockCredentials.user.header();
    const fromLocation = async (url: string) =>
      (
        await request(server)
          .get('/api/catalog/entities')
          .set('authorization', auth)
      ).body
        .filter(
          (e: any) =>
            e.kind !== 'Location' &&
            e.metadata.annotations?.[
              'backstage.io/managed-by-origin-location'
            ] === `url:${url}`,
        )
        .map((e: any) => `${e.kind}:${e.metadata.name}`)
        .sort();
    for (let i = 0; i < 100; i++) {
      if ((await fromLocation(BENIGN_URL)).length && errors.length) break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(await fromLocation(BENIGN_URL)).toEqual(['Agent:faq-agent']);
    // The catalog refuses the whole hostile file: not even its agent gets in.
    expect(await fromLocation(HOSTILE_URL)).toEqual([]);
    expect(errors.join('\n')).toMatch(
      /Entity user:default\/mallory at url:https:\/\/git\.example\.com\/support\/evil-agent\/catalog-info\.yaml.*is not of an allowed kind for that location/,
    );
    const people = await request(server)
      .get('/api/catalog/entities?filter=kind=user&filter=kind=group')
      .set('authorization', auth);
    expect(people.body).toEqual([]);
  });
});
