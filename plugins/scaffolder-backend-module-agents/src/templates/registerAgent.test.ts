import { agentEntityV1alpha1Validator } from '@agentdeck/plugin-agents-common';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  dryRunFiles,
  dryRunTemplate,
  startScaffolderBackend,
} from '../__testUtils__/scaffolderDryRun';

/** templates/register-agent: what the Agents page's Register button opens. */
const DIR = resolve(__dirname, '../../../../templates/register-agent');

const loadTemplate = async () =>
  parse(await readFile(join(DIR, 'template.yaml'), 'utf8'));

/**
 * What the Register button prefills for the sandbox's scratch-agent, and the owner a user picks.
 * The repository is new (the dry run's publisher refuses one a demo already published).
 */
const scratchAgent = {
  name: 'scratch-agent',
  cluster: 'sandbox-eu',
  namespace: 'experiments',
  claimBy: 'label-selector',
  labelSelector: 'agentdeck.io/agent=scratch-agent',
  repoUrl: `github.com?owner=register-test&repo=scratch-agent-${Date.now().toString(
    36,
  )}`,
  owner: 'group:default/research-team',
  type: 'api',
  lifecycle: 'experimental',
};

describe('the register-agent template, through the scaffolder dry-run API', () => {
  let server: Awaited<ReturnType<typeof startScaffolderBackend>>;
  beforeAll(async () => {
    server = await startScaffolderBackend();
  });

  const dryRun = (
    values: Record<string, unknown>,
    edit?: (template: any) => void,
  ) => dryRunTemplate(server, 'template', values, edit, DIR);

  async function entityOf(values: Record<string, unknown>) {
    const res = await dryRun(values);
    expect(res.status).toBe(200);
    expect(
      res.body.steps.filter((s: { status: string }) => s.status === 'failed'),
    ).toEqual([]);
    const docs = parseAllDocuments(
      dryRunFiles(res.body).get('catalog-info.yaml') ?? '',
    );
    expect(docs).toHaveLength(1);
    return docs[0].toJSON();
  }

  it('writes an Agent that claims the workload by its label selector, as the Register button prefills it', async () => {
    const entity = await entityOf(scratchAgent);
    await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity).toEqual({
      apiVersion: 'agentdeck.io/v1alpha1',
      kind: 'Agent',
      metadata: {
        name: 'scratch-agent',
        annotations: {
          'backstage.io/kubernetes-label-selector':
            'agentdeck.io/agent=scratch-agent',
          'backstage.io/kubernetes-namespace': 'experiments',
          'agentdeck.io/discovered-in': 'sandbox-eu/experiments',
        },
        tags: ['agent', 'registered'],
      },
      spec: {
        type: 'api',
        lifecycle: 'experimental',
        owner: 'group:default/research-team',
      },
    });
  });

  it('writes an Agent that claims the workload by its kubernetes-id, with system and description', async () => {
    const entity = await entityOf({
      ...scratchAgent,
      name: 'paper-scout',
      claimBy: 'kubernetes-id',
      kubernetesId: 'research-paper-scout',
      // left over from switching the choice: not written
      labelSelector: 'app=paper-scout',
      system: 'system:default/research',
      description: 'Finds new papers on retrieval',
      type: 'worker',
      lifecycle: 'production',
    });
    await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity.metadata.description).toBe('Finds new papers on retrieval');
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'research-paper-scout',
      'backstage.io/kubernetes-namespace': 'experiments',
      'agentdeck.io/discovered-in': 'sandbox-eu/experiments',
    });
    expect(entity.spec).toEqual({
      type: 'worker',
      lifecycle: 'production',
      owner: 'group:default/research-team',
      system: 'system:default/research',
    });
  });

  it('publishes what it wrote and registers the published catalog-info.yaml', async () => {
    const { spec } = await loadTemplate();
    const steps = spec.steps as Array<{
      id: string;
      action: string;
      input: Record<string, unknown>;
    }>;
    expect(steps.map(s => s.action)).toEqual([
      'fetch:template',
      'agentdeck:publish:local',
      'catalog:register',
    ]);
    expect(steps[2].input.catalogInfoUrl).toBe(
      '${{ steps.publish.output.catalogInfoUrl }}',
    );
    const res = await dryRun(scratchAgent);
    const statuses = res.body.log
      .map((l: { body: { stepId?: string; status?: string } }) => l.body)
      .filter((b: { stepId?: string; status?: string }) => b.stepId && b.status)
      .map(
        (b: { stepId: string; status: string }) => `${b.stepId} ${b.status}`,
      );
    expect(statuses).toEqual([
      'fetch processing',
      'fetch completed',
      'publish processing',
      'publish completed',
      'register processing',
      // catalog:register has no dry run
      'register skipped',
    ]);
  });

  const hostileOwner =
    'group:default/support-team\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: mallory }';

  it.each([
    ['name', 'Scratch Agent'],
    ['owner', hostileOwner],
    ['description', 'Scratch\nkind: Group'],
    ['system', 'research\nmetadata: {}'],
    ['type', 'assistant'],
    ['cluster', 'sandbox-eu\n---'],
    ['namespace', 'Experiments'],
  ])('the form refuses %s = %j before anything runs', async (field, value) => {
    const res = await dryRun({ ...scratchAgent, [field]: value });
    expect(res.status).toBe(400);
    expect(
      res.body.errors.map((e: { path: string[] }) => e.path.join('.')),
    ).toEqual([field]);
  });

  // the claim's field depends on the choice: a bad value fails the choice's oneOf
  it.each([
    [
      'label-selector',
      'labelSelector',
      'app=x\n    backstage.io/kubernetes-id: billing-agent',
    ],
    ['label-selector', 'labelSelector', 'app in (a,b)'],
    ['label-selector', 'labelSelector', ''],
    ['kubernetes-id', 'kubernetesId', 'billing agent'],
    ['kubernetes-id', 'kubernetesId', undefined],
  ])(
    'the form refuses a claim by %s with %s = %j',
    async (claimBy, field, value) => {
      const res = await dryRun({
        ...scratchAgent,
        labelSelector: undefined,
        claimBy,
        [field]: value,
      });
      expect(res.status).toBe(400);
      expect(
        res.body.errors.map(
          (e: { path: string[]; name: string }) =>
            `${e.path.join('.')} ${e.name}`,
        ),
      ).toContain('claimBy oneOf');
    },
  );

  it('writes every value encoded, even past a form without patterns', async () => {
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
    const values = {
      ...scratchAgent,
      owner: hostileOwner,
      description: 'Scratch\n---\nkind: Group\nmetadata: { name: x }',
      labelSelector: 'app=x"\n    backstage.io/kubernetes-id: billing-agent',
      cluster: "eu'\nspec: {}",
    };
    const res = await dryRun(values, template => {
      template.spec.parameters = strip(template.spec.parameters);
    });
    expect(res.status).toBe(200);
    const docs = parseAllDocuments(
      dryRunFiles(res.body).get('catalog-info.yaml') ?? '',
    );
    expect(docs).toHaveLength(1);
    const entity = docs[0].toJSON();
    expect(entity.kind).toBe('Agent');
    expect(entity.spec.owner).toBe(hostileOwner);
    expect(entity.metadata.description).toBe(values.description);
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-label-selector': values.labelSelector,
      'backstage.io/kubernetes-namespace': 'experiments',
      'agentdeck.io/discovered-in': `${values.cluster}/experiments`,
    });
  });
});
