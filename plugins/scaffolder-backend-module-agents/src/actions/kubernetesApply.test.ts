import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { startFakeApiServer } from '../__testUtils__/fakeApiServer';
import { applyObjects } from '../kubernetes/applyObjects';
import { kubeConfigFor } from '../kubernetes/clusters';
import { createKubernetesApplyAction } from './kubernetesApply';
import { examples } from './kubernetesApply.examples';

describe('agentdeck:kubernetes:apply', () => {
  let api: Awaited<ReturnType<typeof startFakeApiServer>>;
  let config: ConfigReader;
  beforeAll(async () => {
    api = await startFakeApiServer('sandbox-token');
    config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'sandbox-eu',
                url: api.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'sandbox-token',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => api.close());
  beforeEach(() => api.requests.splice(0));

  const patches = () => api.requests.filter(r => r.method === 'PATCH');

  it.each(examples.map(e => [e.description, e.example]))(
    'runs the example: %s',
    async (_, example) => {
      const input = parse(example).steps[0].input;
      const ctx = createMockActionContext({ input });
      await createKubernetesApplyAction({ config }).handler(ctx);
      expect(patches().length).toBeGreaterThan(10);
      for (const p of patches()) {
        expect(p.contentType).toBe('application/apply-patch+yaml');
        expect(p.query.get('fieldManager')).toBe('agentdeck-scaffolder');
        expect(p.query.get('dryRun')).toBeNull();
      }
      expect(patches()[0].path).toBe('/api/v1/namespaces/ai-agents-dev');
      expect(patches().map(p => p.path)).toContain(
        '/apis/apps/v1/namespaces/ai-agents-dev/deployments/billing-agent',
      );
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ai-agents-dev');
      expect(ctx.output).toHaveBeenCalledWith('warnings', []);
      expect(ctx.output).toHaveBeenCalledWith('skipped', [
        {
          kind: 'ExternalSecret',
          name: 'billing-agent-secrets',
          reason: 'external-secrets.io/v1beta1 is not served by the cluster',
        },
      ]);
    },
  );

  it('uses a server-side dry run (dryRun=All) in a dry run', async () => {
    const input = parse(examples[0].example).steps[0].input;
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await createKubernetesApplyAction({ config }).handler(ctx);
    expect(patches().length).toBeGreaterThan(10);
    expect(patches().every(p => p.query.get('dryRun') === 'All')).toBe(true);
  });

  it('refuses an unknown cluster and a bad spec before contacting any cluster', async () => {
    const input = parse(examples[0].example).steps[0].input;
    const action = createKubernetesApplyAction({ config });
    await expect(
      action.handler(
        createMockActionContext({ input: { ...input, cluster: 'nowhere' } }),
      ),
    ).rejects.toThrow('cluster: "nowhere"');
    const bad = { ...input, spec: { ...input.spec, name: 'Not_Valid' } };
    await expect(
      action.handler(createMockActionContext({ input: bad })),
    ).rejects.toThrow('name: ');
    expect(api.requests).toEqual([]);
  });

  it('reports the PodSecurity warning the API server sends for a non-compliant pod template', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: 'ai-agents-dev' },
      spec: {
        template: { spec: { containers: [{ name: 'agent', image: 'x:1' }] } },
      },
    };
    const result = await applyObjects(
      kubeConfigFor(config, 'sandbox-eu'),
      [deployment],
      { dryRun: true },
    );
    expect(result.warnings).toEqual([
      'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false, runAsNonRoot != true',
    ]);
  });
});
