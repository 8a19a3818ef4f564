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
import { TEMPLATE_BASE_VALUES as common, TEMPLATE_CASES } from '../__testUtils__/templateCases';
import { scaffolderModuleAgents } from '../module';

async function filesOf(dir: string, root = dir): Promise<Array<{ path: string; base64Content: string }>> {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full, root)));
    else out.push({ path: relative(root, full), base64Content: (await readFile(full)).toString('base64') });
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
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: { backend: { baseUrl: 'http://localhost:7007' } } }),
      ],
    }));
  });

  const dryRun = async (template: string, values: Record<string, unknown>) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('authorization', mockCredentials.user.header())
      .send({
        template: parse(await readFile(join(TEMPLATES_DIR, `${template}.yaml`), 'utf8')),
        values,
        secrets: {},
        directoryContents: await filesOf(TEMPLATES_DIR),
      });

  it.each(TEMPLATE_CASES.map(([template, , values]) => [template, values] as const))(
    '%s renders a valid repository for %j', async (template, values: Record<string, unknown>) => {
    const res = await dryRun(template, { ...common, namespace: 'agents', imageRepository: `registry.example.com/${values.name}`, ...values });
    expect(res.status).toBe(200);
    const files = new Map<string, string>(
      res.body.directoryContents.map((f: { path: string; base64Content: string }) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    const failed = res.body.steps.filter((s: { status: string }) => s.status === 'failed');
    expect(failed).toEqual([]);

    const entity = parse(files.get('catalog-info.yaml') ?? '');
    expect(entity.metadata.name).toBe(values.name);
    await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(true);

    const manifests = [...files.keys()].filter(p => p.startsWith('deploy/base/') && p.endsWith('.yaml') && !p.endsWith('kustomization.yaml'));
    expect(manifests.length).toBeGreaterThan(8);
    for (const path of manifests) {
      const objects = parseAllDocuments(files.get(path) ?? '')
        .map(doc => doc.toJSON())
        .filter(Boolean);
      for (const obj of objects) {
        expect(() => validateK8sObject(obj)).not.toThrow();
      }
    }
    const environments = (values.environments ?? common.environments) as string[];
    for (const env of environments) {
      expect(files.has(`deploy/overlays/${env}/kustomization.yaml`)).toBe(true);
    }
    expect(files.get('app/main.py')).toContain('/readyz');
  });

  it('refuses a missing field with a 400 that names it', async () => {
    const res = await dryRun('agent-http-api', { ...common, namespace: 'agents', imageRepository: 'registry.example.com/x', ingressHost: 'x.example.com', name: 'no-checks', profile: 'api', minReplicas: 1, maxReplicas: 2, target: 8 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"checks"/);
  });

  it('refuses bad input through the same API, naming the field', async () => {
    const res = await dryRun('agent-http-api', { ...common, namespace: 'agents', imageRepository: 'registry.example.com/bad', ingressHost: 'bad.example.com', name: 'bad-bounds', profile: 'api', checks: ['llm_api'], minReplicas: 5, maxReplicas: 2, target: 8 });
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/scaling\.minReplicas/);
    expect(res.body.directoryContents?.some((f: { path: string }) => f.path.startsWith('deploy/'))).not.toBe(true);
  });
});
