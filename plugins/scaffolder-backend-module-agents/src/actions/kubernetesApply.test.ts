import { ConfigReader } from '@backstage/config';
import type { UserEntity } from '@backstage/catalog-model';
import { createMockActionContext as createMockContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { startFakeApiServer } from '../__testUtils__/fakeApiServer';
import { createKubernetesApplyAction } from './kubernetesApply';
import { examples } from './kubernetesApply.examples';

const billingMember = {
  ref: 'user:default/bea',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bea' },
    spec: { memberOf: ['billing-team'] },
  } as UserEntity,
};
// Every run is by a member of billing-team, the examples' owner.
const createMockActionContext = (options: any): any =>
  createMockContext({ user: billingMember, ...options });

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
  beforeEach(() => {
    api.requests.splice(0);
    api.objects.clear();
  });

  const patches = () => api.requests.filter(r => r.method === 'PATCH');
  const writes = () =>
    api.requests.filter(r => r.method === 'PATCH' || r.method === 'POST');
  const exampleInput = () => parse(examples[0].example).steps[0].input;
  const withNamespace = (namespace: string, environment = 'dev') => {
    const input = exampleInput();
    return { ...input, environment, spec: { ...input.spec, namespace } };
  };
  const DEPLOYMENT =
    '/apis/apps/v1/namespaces/ai-agents-dev/deployments/billing-agent';

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
        expect(p.query.get('force')).not.toBe('true');
      }
      expect(writes()[0]).toMatchObject({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: {
          metadata: {
            name: 'ai-agents-dev',
            labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
          },
        },
      });
      expect(patches().map(p => p.path)).toContain(
        '/apis/apps/v1/namespaces/ai-agents-dev/deployments/billing-agent',
      );
      expect(ctx.output).toHaveBeenCalledWith('namespace', 'ai-agents-dev');
      expect(ctx.output).toHaveBeenCalledWith('warnings', []);
      expect(ctx.output).toHaveBeenCalledWith('skipped', [
        {
          kind: 'ExternalSecret',
          name: 'billing-agent-secrets',
          reason: 'external-secrets.io/v1 is not served by the cluster',
        },
      ]);
    },
  );

  it('does not take over an object another field manager applied', async () => {
    const theirs = { kind: 'Deployment', metadata: { name: 'billing-agent' } };
    api.objects.set(DEPLOYMENT, { body: theirs, manager: 'team-b-deployer' });
    const ctx = createMockActionContext({ input: exampleInput() });
    await expect(
      createKubernetesApplyAction({ config }).handler(ctx),
    ).rejects.toThrow(
      /Deployment ai-agents-dev\/billing-agent .*another field manager.*team-b-deployer/,
    );
    expect(api.objects.get(DEPLOYMENT)).toEqual({
      body: theirs,
      manager: 'team-b-deployer',
    });
  });

  it('leaves a namespace that already exists unchanged', async () => {
    const existing = {
      kind: 'Namespace',
      metadata: {
        name: 'ai-agents-dev',
        labels: { team: 'b' },
        annotations: { 'agentdeck.io/owner': 'group:default/billing-team' },
      },
    };
    api.objects.set('/api/v1/namespaces/ai-agents-dev', {
      body: existing,
      manager: 'kubectl',
    });
    const ctx = createMockActionContext({ input: exampleInput() });
    await createKubernetesApplyAction({ config }).handler(ctx);
    const namespaceWrites = writes().filter(w =>
      ['/api/v1/namespaces', '/api/v1/namespaces/ai-agents-dev'].includes(
        w.path,
      ),
    );
    expect(namespaceWrites).toEqual([]);
    expect(api.objects.get('/api/v1/namespaces/ai-agents-dev')?.body).toEqual(
      existing,
    );
    expect(api.objects.has(DEPLOYMENT)).toBe(true);
  });

  it.each([
    ['default', 'production'],
    ['kube-system', 'production'],
    ['kube-public', 'dev'],
  ])(
    'refuses namespace %s (%s) before contacting the cluster',
    async (namespace, environment) => {
      const ctx = createMockActionContext({
        input: withNamespace(namespace, environment),
      });
      await expect(
        createKubernetesApplyAction({ config }).handler(ctx),
      ).rejects.toThrow(/namespace "(default|kube-[a-z-]+)" is reserved/);
      expect(api.requests).toEqual([]);
    },
  );

  it('applies only to namespaces in agentdeck.kubernetesApply.allowedNamespaces', async () => {
    const restricted = new ConfigReader({
      ...config.get(),
      agentdeck: { kubernetesApply: { allowedNamespaces: ['ai-agents-*'] } },
    });
    const action = createKubernetesApplyAction({ config: restricted });
    await expect(
      action.handler(
        createMockActionContext({ input: withNamespace('payments') }),
      ),
    ).rejects.toThrow(
      'namespace "payments-dev" is not in agentdeck.kubernetesApply.allowedNamespaces',
    );
    expect(api.requests).toEqual([]);
    await action.handler(createMockActionContext({ input: exampleInput() }));
    expect(api.objects.has(DEPLOYMENT)).toBe(true);
  });

  it('uses a server-side dry run (dryRun=All) in a dry run', async () => {
    api.objects.set('/api/v1/namespaces/ai-agents-dev', {
      body: {
        kind: 'Namespace',
        metadata: {
          name: 'ai-agents-dev',
          annotations: { 'agentdeck.io/owner': 'group:default/billing-team' },
        },
      },
      manager: 'kubectl',
    });
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
});
