import { ConfigReader } from '@backstage/config';
import type { UserEntity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { createKubernetesApplyAction } from './kubernetesApply';
import { examples } from './kubernetesApply.examples';

/**
 * The attacks of a logged-in employee against the apply action, run against the sandbox API
 * server: another team's namespace, another team's Secret, a namespace nobody owns.
 */
describe('agentdeck:kubernetes:apply refuses what a template user must not do', () => {
  let cluster: SandboxCluster;
  let config: ConfigReader;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    cluster = await startSandboxCluster({
      name: 'sandbox-eu',
      timeScale: 0,
      scenario: {
        name: 'tenancy',
        namespaces: [
          { name: 'billing', labels: { team: 'billing-team' } },
          { name: 'support', labels: { team: 'support-team' } },
          { name: 'shared-tools', labels: {} },
        ],
        agents: [],
      },
    });
    config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'sandbox-eu',
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.token,
                caData: cluster.caData,
              },
            ],
          },
        ],
      },
      agentdeck: {
        kubernetesApply: { namespaceOwnerKeys: ['agentdeck.io/owner', 'team'] },
      },
    });
    const kc = new KubeConfig();
    kc.loadFromString(cluster.kubeconfig());
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    const secret = (namespace: string, name: string, labels = {}) =>
      core.createNamespacedSecret({
        namespace,
        body: {
          metadata: { name, labels },
          stringData: { LLM_API_KEY: `${name}-value` },
        },
      });
    await secret('billing', 'billing-llm', {
      'agentdeck.io/agent': 'billing-agent',
    });
    await secret('support', 'support-shared');
    await secret('support', 'faq-llm', { 'agentdeck.io/agent': 'faq-agent' });
  });
  afterAll(() => cluster?.stop());

  const user = (name: string, groups: string[]) => ({
    ref: `user:default/${name}`,
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name },
      spec: { memberOf: groups },
      relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
    } as UserEntity,
  });
  const supportMember = user('sam', ['group:default/support-team']);

  const input = (
    spec: Record<string, unknown>,
    owner = 'group:default/support-team',
  ) => {
    const base = parse(examples[0].example).steps[0].input;
    return {
      ...base,
      owner,
      environment: 'production',
      spec: { ...base.spec, name: 'faq-agent', ...spec },
    };
  };
  const writes = () =>
    Object.entries(cluster.stats.byRoute)
      .filter(([route]) => /^(create|patch|update|delete) /.test(route))
      .reduce((n, [, count]) => n + count, 0);
  const run = async (
    actionInput: Record<string, unknown>,
    who: ReturnType<typeof user> | null = supportMember,
    isDryRun = false,
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: actionInput as any,
        user: who ?? undefined,
      }),
      isDryRun,
    };
    await createKubernetesApplyAction({ config }).handler(ctx as any);
    return ctx;
  };

  beforeEach(() => cluster.resetStats());

  it("refuses another team's namespace, naming the rule, and writes nothing", async () => {
    await expect(
      run(
        input({
          namespace: 'billing',
          secrets: { existingSecret: 'billing-llm' },
        }),
      ),
    ).rejects.toThrow(
      'namespace "billing" belongs to group:default/billing-team (label team), not to group:default/support-team',
    );
    expect(writes()).toBe(0);
  });

  it('refuses a user who is not a member of the owner the form names', async () => {
    await expect(
      run(
        input({ namespace: 'billing' }, 'group:default/billing-team'),
        supportMember,
      ),
    ).rejects.toThrow(
      'user:default/sam is not a member of group:default/billing-team',
    );
    await expect(run(input({ namespace: 'support' }), null)).rejects.toThrow(
      /no signed-in user/,
    );
    expect(writes()).toBe(0);
  });

  it('refuses a namespace that names no owner', async () => {
    await expect(run(input({ namespace: 'shared-tools' }))).rejects.toThrow(
      'namespace "shared-tools" names no owner',
    );
    expect(writes()).toBe(0);
  });

  it('refuses a Secret that is not meant for the agent, and one that does not exist', async () => {
    await expect(
      run(
        input({
          namespace: 'support',
          secrets: { existingSecret: 'support-shared' },
        }),
      ),
    ).rejects.toThrow(
      'secrets.existingSecret: Secret "support/support-shared" is not meant for agent faq-agent; label it agentdeck.io/agent=faq-agent',
    );
    await expect(
      run(
        input({
          namespace: 'support',
          secrets: { existingSecret: 'billing-llm' },
        }),
      ),
    ).rejects.toThrow(
      'Secret "billing-llm" does not exist in namespace "support"',
    );
    expect(writes()).toBe(0);
  });

  it("applies into the owner's namespace with the agent's own Secret", async () => {
    const ctx = await run(
      input({ namespace: 'support', secrets: { existingSecret: 'faq-llm' } }),
    );
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'support');
    expect(ctx.output).toHaveBeenCalledWith('warnings', []);
    const deployment = await apps.readNamespacedDeployment({
      name: 'faq-agent',
      namespace: 'support',
    });
    expect(
      deployment.spec?.template.spec?.volumes?.find(v => v.secret)?.secret
        ?.secretName ??
        JSON.stringify(deployment.spec?.template.spec?.containers),
    ).toContain('faq-llm');
  });

  it('creates a missing namespace for the owner, annotated with it', async () => {
    const ctx = await run(input({ name: 'faq-two', namespace: 'support-new' }));
    // The sandbox serves external-secrets.io/v1 only, as current External Secrets releases do.
    expect(ctx.output).toHaveBeenCalledWith('skipped', []);
    expect(ctx.output).toHaveBeenCalledWith(
      'applied',
      expect.arrayContaining([
        {
          kind: 'ExternalSecret',
          name: 'faq-two-secrets',
          namespace: 'support-new',
        },
      ]),
    );
    const ns = await core.readNamespace({ name: 'support-new' });
    expect(ns.metadata?.annotations?.['agentdeck.io/owner']).toBe(
      'group:default/support-team',
    );
    expect(ns.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe(
      'restricted',
    );
    // Now that it exists, it belongs to support-team: billing-team cannot use it.
    await expect(
      run(
        input({ namespace: 'support-new' }, 'group:default/billing-team'),
        user('bea', ['group:default/billing-team']),
      ),
    ).rejects.toThrow(
      'namespace "support-new" belongs to group:default/support-team (annotation agentdeck.io/owner)',
    );
  });

  it('a configured mapping decides over what a namespace says about itself', async () => {
    const mapped = new ConfigReader({
      ...config.get(),
      agentdeck: {
        kubernetesApply: {
          namespaceOwnerKeys: ['team'],
          namespaceOwners: [
            { namespace: 'support*', owner: 'group:default/billing-team' },
          ],
        },
      },
    });
    const ctx = createMockActionContext({
      input: input({ name: 'faq-three', namespace: 'support' }),
      user: supportMember,
    });
    await expect(
      createKubernetesApplyAction({ config: mapped }).handler(ctx as any),
    ).rejects.toThrow(
      'belongs to group:default/billing-team (agentdeck.kubernetesApply.namespaceOwners: support*)',
    );
  });

  it('checkOnly runs every rule and a server-side dry run, and writes nothing', async () => {
    await expect(
      run({ ...input({ namespace: 'billing' }), checkOnly: true }),
    ).rejects.toThrow(
      'namespace "billing" belongs to group:default/billing-team',
    );
    const ctx = await run({
      ...input({ name: 'faq-check', namespace: 'support' }),
      checkOnly: true,
    });
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'support');
    await expect(
      apps
        .readNamespacedDeployment({ name: 'faq-check', namespace: 'support' })
        .catch(e => e.code),
    ).resolves.toBe(404);
  });

  it('a dry run into a namespace that does not exist yet succeeds and says what it could not admit', async () => {
    const ctx = await run(
      input({ name: 'faq-dry', namespace: 'support-later' }),
      supportMember,
      true,
    );
    const skipped = (ctx.output as jest.Mock).mock.calls.find(
      ([key]) => key === 'skipped',
    )?.[1];
    expect(skipped.length).toBeGreaterThan(5);
    expect(skipped[0].reason).toBe(
      'not admitted in a dry run: namespace "support-later" does not exist yet and a dry run does not create it',
    );
    await expect(
      core.readNamespace({ name: 'support-later' }).catch(e => e.code),
    ).resolves.toBe(404);
    expect(writes()).toBe(1);
  });
});
