import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleAgents from '@agentdeck/plugin-scaffolder-backend-module-agents';
import localPublish from '@agentdeck/scaffolder-backend-module-local-publish';
import { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { sqliteClient } from '../../__testUtils__/sqlite';
import { migrateAgentsDatabase } from '../ScalingHistory/migrations';
import { createTemplateVersions } from './agentTemplate';
import { listVisibleAgents } from '../Overview';
import { createUpdateProposer } from './proposeUpdates';
import { TemplateRecordReader } from './templateRecord';

jest.setTimeout(60_000);

// the HTTP API agent template as the demo's catalog holds it
const templateFile = resolve(
  __dirname,
  '../../../../../templates/agents/agent-http-api.yaml',
);
const template: Entity = parse(readFileSync(templateFile, 'utf8'));
template.metadata.namespace = 'default';
template.metadata.annotations = {
  ...template.metadata.annotations,
  'backstage.io/managed-by-location': `file:${templateFile}`,
};
const current = Number(
  template.metadata.annotations!['agentdeck.io/template-version'],
);

const agent = (name: string, version: number): Entity => ({
  apiVersion: 'agentdeck.io/v1alpha1',
  kind: 'Agent',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'agentdeck.io/template': 'template:default/agent-http-api',
      'agentdeck.io/template-version': String(version),
    },
  },
  spec: { type: 'api', owner: 'group:default/support-team' },
});

const entities = [
  template,
  agent('faq-agent', current - 1),
  agent('old-agent', current - 1),
  agent('new-agent', current),
];

// the form as faq-agent's repository records it
const faqInputs = {
  name: 'faq-agent',
  description: 'Answers frequently asked questions',
  owner: 'group:default/support-team',
  system: 'system:default/customer-support',
  lifecycle: 'production',
  profile: 'api',
  provider: 'openai',
  model: 'gpt-4o-mini',
  checks: ['llm_api'],
  llmBaseUrl: 'https://api.openai.com/v1',
  minReplicas: 1,
  maxReplicas: 3,
  target: 4,
  ingressHost: 'faq.example.com',
  proxyTimeoutSeconds: 300,
  longestTaskSeconds: 120,
  egressHosts: ['api.openai.com'],
  secretSource: 'external',
  secretStore: 'vault',
  remoteKey: 'ai/faq-agent',
  repoUrl: 'github.com?owner=acme&repo=faq-agent',
  namespace: 'support-agents',
  imageRepository: 'registry.example.com/faq-agent',
  imageTag: '1.0.0',
  environments: ['dev', 'production'],
  deployNow: false,
  cluster: 'sandbox-eu',
};

// what each repository records: old-agent's record cannot be read
const records: TemplateRecordReader = {
  async inputs(entity) {
    return entity.metadata.name === 'faq-agent' ? faqInputs : undefined;
  },
};

let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
let knex: Knex;
beforeAll(async () => {
  ({ server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAgents,
      localPublish,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: { backend: { baseUrl: 'http://localhost:7007' } },
      }),
    ],
  }));
  knex = sqliteClient();
  await migrateAgentsDatabase(knex);
});
afterAll(() => knex?.destroy());

it("proposes each behind agent's update once through the scaffolder's task API, with its recorded inputs", async () => {
  const catalog = catalogServiceMock({ entities });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const listAgents = async () =>
    listVisibleAgents(catalog, await auth.getOwnServiceCredentials());
  const proposer = createUpdateProposer({
    listAgents,
    auth,
    discovery: {
      getBaseUrl: async id => `http://localhost:${server.port()}/api/${id}`,
      getExternalBaseUrl: async id =>
        `http://localhost:${server.port()}/api/${id}`,
    },
    versions: createTemplateVersions({ catalog, auth }),
    records,
    knex,
    logger,
  });

  const pass = await proposer.run();
  expect(pass.proposed).toEqual([
    {
      agent: 'agent:default/faq-agent',
      version: current,
      taskId: expect.any(String),
    },
  ]);
  expect(pass.noInputs).toEqual(['agent:default/old-agent']);
  expect(pass.failed).toEqual([]);

  // the scaffolder's task: the agent's template, its inputs, run as an update proposal
  const task = await request(server)
    .get(`/api/scaffolder/v2/tasks/${pass.proposed[0].taskId}`)
    .set('authorization', mockCredentials.user.header());
  expect(task.status).toBe(200);
  expect(task.body.spec.templateInfo.entityRef).toBe(
    'template:default/agent-http-api',
  );
  expect(task.body.spec.parameters).toEqual({
    ...faqInputs,
    agentdeckUpdate: true,
  });

  // the next pass proposes nothing again
  const again = await proposer.run();
  expect(again.proposed).toEqual([]);
  expect(
    await knex('agents_template_proposals').select('entity_ref', 'version'),
  ).toEqual([{ entity_ref: 'agent:default/faq-agent', version: current }]);
});

it('reports a scaffolder that refuses the task and tries again on the next pass', async () => {
  const catalog = catalogServiceMock({
    entities: [template, agent('retry-agent', current - 1)],
  });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  let base = `http://localhost:${server.port()}/api/no-such-plugin`;
  const listAgents = async () =>
    listVisibleAgents(catalog, await auth.getOwnServiceCredentials());
  const proposer = createUpdateProposer({
    listAgents,
    auth,
    discovery: {
      getBaseUrl: async () => base,
      getExternalBaseUrl: async () => base,
    },
    versions: createTemplateVersions({ catalog, auth }),
    records: {
      inputs: async () => ({
        ...faqInputs,
        name: 'retry-agent',
        repoUrl: 'github.com?owner=acme&repo=retry-agent',
      }),
    },
    knex,
    logger,
  });
  const pass = await proposer.run();
  expect(pass.proposed).toEqual([]);
  expect(pass.failed).toEqual([
    {
      agent: 'agent:default/retry-agent',
      message: expect.stringMatching(/^the scaffolder answered 404/),
    },
  ]);
  expect(logger.warn).toHaveBeenCalledWith(
    expect.stringMatching(
      /^Could not propose the update of agent:default\/retry-agent/,
    ),
  );
  base = `http://localhost:${server.port()}/api/scaffolder`;
  expect((await proposer.run()).proposed).toHaveLength(1);
});
