import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { agentEntityV1alpha1Validator } from '@agentdeck/plugin-agents-common';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { validateK8sObject } from '../__testUtils__/kubernetesModels';
import { TEMPLATES_DIR } from '../__testUtils__/templates';
import {
  TEMPLATE_BASE_VALUES as common,
  TEMPLATE_CASES,
} from '../__testUtils__/templateCases';
import localPublish from '@agentdeck/scaffolder-backend-module-local-publish';
import { scaffolderModuleAgents } from '../module';

async function filesOf(
  dir: string,
  root = dir,
): Promise<Array<{ path: string; base64Content: string }>> {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full, root)));
    else
      out.push({
        path: relative(root, full),
        base64Content: (await readFile(full)).toString('base64'),
      });
  }
  return out;
}

describe("templates through the scaffolder's dry-run API", () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleAgents,
        // The templates' demo publisher (a real installation uses publish:github).
        localPublish,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost:7007' } },
        }),
      ],
    }));
  });

  const dryRun = async (template: string, values: Record<string, unknown>) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', mockCredentials.user.header())
      .send({
        template: parse(
          await readFile(join(TEMPLATES_DIR, `${template}.yaml`), 'utf8'),
        ),
        values,
        secrets: {},
        directoryContents: await filesOf(TEMPLATES_DIR),
      });

  it.each(
    TEMPLATE_CASES.map(([template, , values]) => [template, values] as const),
  )(
    '%s renders a valid repository for %j',
    async (template, values: Record<string, unknown>) => {
      const res = await dryRun(template, {
        ...common,
        namespace: 'agents',
        imageRepository: `registry.example.com/${values.name}`,
        ...values,
      });
      expect(res.status).toBe(200);
      const files = new Map<string, string>(
        res.body.directoryContents.map(
          (f: { path: string; base64Content: string }) => [
            f.path,
            Buffer.from(f.base64Content, 'base64').toString('utf8'),
          ],
        ),
      );
      const failed = res.body.steps.filter(
        (s: { status: string }) => s.status === 'failed',
      );
      expect(failed).toEqual([]);

      const entity = parse(files.get('catalog-info.yaml') ?? '');
      expect(entity.metadata.name).toBe(values.name);
      await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );

      const manifests = [...files.keys()].filter(
        p =>
          p.startsWith('deploy/base/') &&
          p.endsWith('.yaml') &&
          !p.endsWith('kustomization.yaml'),
      );
      expect(manifests.length).toBeGreaterThan(8);
      for (const path of manifests) {
        const objects = parseAllDocuments(files.get(path) ?? '')
          .map(doc => doc.toJSON())
          .filter(Boolean);
        for (const obj of objects) {
          expect(() => validateK8sObject(obj)).not.toThrow();
        }
      }
      const environments = (values.environments ??
        common.environments) as string[];
      for (const env of environments) {
        expect(files.has(`deploy/overlays/${env}/kustomization.yaml`)).toBe(
          true,
        );
      }
      expect(files.get('app/main.py')).toContain('/readyz');
    },
  );

  it('refuses a missing field with a 400 that names it', async () => {
    const res = await dryRun('agent-http-api', {
      ...common,
      namespace: 'agents',
      imageRepository: 'registry.example.com/x',
      ingressHost: 'x.example.com',
      name: 'no-checks',
      profile: 'api',
      minReplicas: 1,
      maxReplicas: 2,
      target: 8,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid agent spec: checks: Required');
  });

  it('refuses bad input through the same API, naming the field', async () => {
    const res = await dryRun('agent-http-api', {
      ...common,
      namespace: 'agents',
      imageRepository: 'registry.example.com/bad',
      ingressHost: 'bad.example.com',
      name: 'bad-bounds',
      profile: 'api',
      checks: ['llm_api'],
      minReplicas: 5,
      maxReplicas: 2,
      target: 8,
    });
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/scaling\.minReplicas/);
    expect(
      res.body.directoryContents?.some((f: { path: string }) =>
        f.path.startsWith('deploy/'),
      ),
    ).not.toBe(true);
  });

  const hostileOwner =
    'group:default/support-team\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: mallory }\nspec: { memberOf: [billing-team] }';
  const httpValues = {
    ...common,
    namespace: 'agents',
    imageRepository: 'registry.example.com/faq',
    ingressHost: 'faq.example.com',
    name: 'faq-agent',
    profile: 'api',
    checks: ['llm_api', 'database'],
    minReplicas: 1,
    maxReplicas: 2,
    target: 8,
  };

  it.each([
    ['owner', hostileOwner],
    ['description', 'Answers questions\n---\nkind: Group'],
    ['system', 'payments\nmetadata: {}'],
    ['model', 'gpt-4o\n  name: other'],
    ['databaseUrl', 'postgres://db:5432/x?password=hunter2'],
    ['databaseUrl', 'postgres://admin:s3cr%2Ft@db:5432/x'],
    ['imageRepository', 'registry.example.com/faq:1.0'],
  ])('the form refuses %s = %j before anything runs', async (field, value) => {
    const res = await dryRun('agent-http-api', {
      ...httpValues,
      [field]: value,
    });
    expect(res.status).toBe(400);
    expect(
      res.body.errors.map((e: { path: string[] }) => e.path.join('.')),
    ).toEqual([field]);
  });

  it('writes every value into catalog-info.yaml encoded, even past a form without patterns', async () => {
    const template = parse(
      await readFile(join(TEMPLATES_DIR, 'agent-http-api.yaml'), 'utf8'),
    );
    const strip = (node: any): any => {
      if (Array.isArray(node)) return node.map(strip);
      if (node && typeof node === 'object')
        return Object.fromEntries(
          Object.entries(node)
            .filter(([k]) => k !== 'pattern')
            .map(([k, v]) => [k, strip(v)]),
        );
      return node;
    };
    template.spec.parameters = strip(template.spec.parameters);
    const description = 'Answers\n---\nkind: Group\nmetadata: { name: x }';
    const res = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', mockCredentials.user.header())
      .send({
        template,
        values: { ...httpValues, owner: hostileOwner, description },
        secrets: {},
        directoryContents: await filesOf(TEMPLATES_DIR),
      });
    expect(res.status).toBe(200);
    const file = res.body.directoryContents.find(
      (f: { path: string }) => f.path === 'catalog-info.yaml',
    );
    const docs = parseAllDocuments(
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    );
    expect(docs).toHaveLength(1);
    const entity = docs[0].toJSON();
    expect(entity.kind).toBe('Agent');
    expect(entity.spec.owner).toBe(hostileOwner);
    expect(entity.metadata.description).toBe(description);
    // The catalog then refuses the owner as an entity ref: the injection is inert.
    await expect(agentEntityV1alpha1Validator.check(entity)).rejects.toThrow(
      /owner/,
    );
  });

  it('the render action refuses a credential in a dependency URL query even past the form', async () => {
    const res = await dryRun('agent-http-api', {
      ...httpValues,
      databaseUrl: 'postgres://db:5432/x?sslmode=require&Password=hunter2',
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('hunter2\\n');
    expect(
      res.status === 400 ||
        /dependencies\.database: credentials belong in the secret store/.test(
          text,
        ),
    ).toBe(true);
    expect(
      res.body.directoryContents?.some((f: { path: string }) =>
        f.path.startsWith('deploy/'),
      ),
    ).not.toBe(true);
  });
  it('records the template, its version and the inputs in catalog-info.yaml and .agentdeck/template.json, never a secret', async () => {
    const template = parse(
      await readFile(join(TEMPLATES_DIR, 'agent-http-api.yaml'), 'utf8'),
    );
    const values = { ...httpValues, description: 'Answers FAQs' };
    const send = async (secrets: Record<string, string>) =>
      request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('authorization', mockCredentials.user.header())
        .send({
          template,
          values,
          secrets,
          directoryContents: await filesOf(TEMPLATES_DIR),
        });
    const files = async (secrets: Record<string, string>) => {
      const res = await send(secrets);
      expect(res.status).toBe(200);
      return new Map<string, string>(
        res.body.directoryContents.map(
          (f: { path: string; base64Content: string }) => [
            f.path,
            Buffer.from(f.base64Content, 'base64').toString('utf8'),
          ],
        ),
      );
    };
    const plain = await files({});
    const entity = parse(plain.get('catalog-info.yaml') ?? '');
    expect(entity.metadata.annotations).toMatchObject({
      'agentdeck.io/template': 'template:default/agent-http-api',
      'agentdeck.io/template-version': '2',
    });
    await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    const record = JSON.parse(plain.get('.agentdeck/template.json') ?? '{}');
    expect(record).toMatchObject({
      template: 'template:default/agent-http-api',
      version: 2,
      title: 'HTTP API agent',
      inputs: {
        name: 'faq-agent',
        description: 'Answers FAQs',
        owner: common.owner,
        remoteKey: 'agents/llm',
        checks: ['llm_api', 'database'],
      },
      spec: {
        name: 'faq-agent',
        namespace: 'agents',
        image: 'registry.example.com/faq:0.1.0',
        secrets: { store: 'vault-backend', remoteKey: 'agents/llm' },
      },
    });
    // blank fields are not recorded
    expect(record.inputs).not.toHaveProperty('existingSecret');

    // a value the task holds as a secret is never written, in the inputs or the spec
    const withSecret = await files({ llmKey: 'agents/llm' });
    const text = withSecret.get('.agentdeck/template.json') ?? '';
    expect(text).toContain('faq-agent');
    expect(text).not.toContain('agents/llm');
  });
});
