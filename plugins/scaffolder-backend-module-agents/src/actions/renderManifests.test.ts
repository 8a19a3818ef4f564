import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { validateK8sObject } from '../__testUtils__/kubernetesModels';
import { SAMPLE_SPECS } from '../__testUtils__/specs';
import { parseAgentSpec } from '../manifests';
import { createRenderManifestsAction } from './renderManifests';
import { examples } from './renderManifests.examples';

describe('agentdeck:manifests:render', () => {
  const action = createRenderManifestsAction();
  let workspacePath: string;
  beforeEach(async () => {
    workspacePath = await mkdtemp(join(tmpdir(), 'agentdeck-ws-'));
  });
  afterEach(() => rm(workspacePath, { recursive: true, force: true }));

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_, example) => {
      const input = parse(example).steps[0].input;
      const ctx = createMockActionContext({ input, workspacePath });
      await action.handler(ctx);
      const prefix = input.targetPath ? `${input.targetPath}/` : '';
      const deployment = await readFile(
        join(workspacePath, prefix, 'deploy/base/deployment.yaml'),
        'utf8',
      );
      for (const doc of parseAllDocuments(deployment))
        validateK8sObject(doc.toJS());
      expect(ctx.output).toHaveBeenCalledWith(
        'overlays',
        input.spec.environments.map(
          (env: string) => `${prefix}deploy/overlays/${env}`,
        ),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'files',
        expect.arrayContaining([`${prefix}deploy/base/kustomization.yaml`]),
      );
    },
  );

  it('drops blank optional form fields instead of failing on them', async () => {
    const input = {
      ...SAMPLE_SPECS.httpApi,
      ingress: { host: '', timeoutSeconds: 300 },
      egressHosts: ['', 'api.openai.com'],
    };
    await action.handler(
      createMockActionContext({
        input: { spec: input } as any,
        workspacePath,
      }) as any,
    );
    expect(await readdir(join(workspacePath, 'deploy/base'))).not.toContain(
      'ingress.yaml',
    );
  });

  it.each([
    ['name', { name: 'Bad Name!' }],
    [
      'scaling.minReplicas',
      { scaling: { mode: 'hpa', minReplicas: 9, maxReplicas: 3, target: 8 } },
    ],
    ['profile', { profile: 'supercomputer' }],
    ['egressHosts.0', { egressHosts: ['not a host'] }],
  ])('refuses a bad %s before writing anything', async (field, patch) => {
    const ctx = createMockActionContext({
      input: { spec: { ...SAMPLE_SPECS.httpApi, ...patch } } as any,
      workspacePath,
    });
    await expect(action.handler(ctx)).rejects.toThrow(`${field}: `);
    expect(await readdir(workspacePath)).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('outputs the validated spec with its defaults, which agentdeck:kubernetes:apply takes', async () => {
    const ctx = createMockActionContext({
      input: {
        spec: { ...SAMPLE_SPECS.httpApi, longestTaskSeconds: undefined },
      } as any,
      workspacePath,
    });
    await action.handler(ctx);
    const spec = (ctx.output as jest.Mock).mock.calls.find(
      ([key]) => key === 'spec',
    )?.[1];
    expect(spec).toEqual(parseAgentSpec(SAMPLE_SPECS.httpApi));
    expect(spec.longestTaskSeconds).toBe(120);
    expect(parseAgentSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });
});
