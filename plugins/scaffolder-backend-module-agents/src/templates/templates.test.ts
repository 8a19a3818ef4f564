import {
  TEMPLATE_ANNOTATIONS,
  agentEntityV1alpha1Validator,
  parseTemplateChangelog,
  parseTemplateVersion,
} from '@agentdeck/plugin-agents-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateK8sObject } from '../__testUtils__/kubernetesModels';
import {
  kustomizeBuild,
  restrictedViolations,
} from '../__testUtils__/kustomize';
import {
  TEMPLATES_DIR,
  fetchSkeleton,
  loadTemplate,
  resolveParameters,
} from '../__testUtils__/templates';
import { createRenderManifestsAction } from '../actions/renderManifests';
import { createRecordTemplateAction } from '../actions/recordTemplate';
import {
  TEMPLATE_CASES as CASES,
  TEMPLATE_BASE_VALUES as base,
} from '../__testUtils__/templateCases';
import { K8sObject } from '../manifests';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import { KubeConfig } from '@kubernetes/client-node';
import { applyObjects } from '../kubernetes/applyObjects';

// Pod Security admission is the API server's: every overlay goes through a server-side dry run
// into namespaces that enforce and warn "restricted", as a cluster admin would set them up.
let sandbox: SandboxCluster;
let sandboxConfig: KubeConfig;
const restrictedNamespaces = [
  'ai-agents',
  'platform-agents',
  'research',
].flatMap(ns => [ns, `${ns}-dev`, `${ns}-staging`]);
beforeAll(async () => {
  sandbox = await startSandboxCluster({
    timeScale: 0,
    scenario: {
      name: 'restricted',
      namespaces: restrictedNamespaces.map(name => ({
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      })),
      agents: [],
    },
  });
  sandboxConfig = new KubeConfig();
  sandboxConfig.loadFromString(sandbox.kubeconfig());
});
afterAll(() => sandbox?.stop());

describe.each(CASES)('template %s (%s)', (template, agentType, overrides) => {
  const parameters: Record<string, unknown> = {
    ...base,
    namespace: 'ai-agents',
    imageRepository: `ghcr.io/acme/${overrides.name}`,
    ...overrides,
  };
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'agentdeck-template-'));
    const { steps, doc } = await loadTemplate(template);
    // the template's order: render, record the template, fetch the skeleton
    const render = steps.find(s => s.action === 'agentdeck:manifests:render');
    const input = resolveParameters(render?.input, parameters) as any;
    const rendered = createMockActionContext({
      input,
      workspacePath: workspace,
    });
    await createRenderManifestsAction().handler(rendered as any);
    const spec = (rendered.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'spec',
    )?.[1];
    const recorded = createMockActionContext({
      input: { inputs: parameters, spec } as any,
      workspacePath: workspace,
      templateInfo: {
        entityRef: `template:default/${template}`,
        entity: { metadata: doc.metadata },
      },
    });
    await createRecordTemplateAction().handler(recorded as any);
    const outputs = Object.fromEntries(
      (recorded.output as jest.Mock).mock.calls,
    );
    const fetchStep = steps.find(s => s.action === 'fetch:template');
    const values = {
      ...(resolveParameters(fetchStep?.input.values, parameters) as object),
      templateRef: outputs.template,
      templateVersion: outputs.version,
      agentType,
    };
    await fetchSkeleton(template, values, workspace);
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it('produces a valid Agent entity with Kubernetes and TechDocs annotations', async () => {
    const entity = parse(
      await readFile(join(workspace, 'catalog-info.yaml'), 'utf8'),
    );
    await expect(agentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': parameters.name,
      'backstage.io/kubernetes-namespace': 'ai-agents',
      'backstage.io/techdocs-ref': 'dir:.',
      'agentdeck.io/template': `template:default/${template}`,
      'agentdeck.io/template-version': '2',
    });
    expect(entity.spec).toMatchObject({
      type: agentType,
      owner: parameters.owner,
      system: parameters.system,
    });
    expect(await readdir(join(workspace, 'docs'))).toEqual(
      expect.arrayContaining(['index.md', 'runbook.md']),
    );
  });

  it('builds every overlay with kubectl into objects that validate and meet the restricted profile', async () => {
    const envs = await readdir(join(workspace, 'deploy/overlays'));
    expect(envs.sort()).toEqual(
      [...(parameters.environments as string[])].sort(),
    );
    for (const env of envs) {
      const objects: K8sObject[] = await kustomizeBuild(
        join(workspace, 'deploy/overlays', env),
      );
      for (const obj of objects) validateK8sObject(obj);
      const deployment = objects.find(
        o => o.kind === 'Deployment',
      ) as K8sObject;
      expect(restrictedViolations(deployment)).toEqual([]);
      const admitted = await applyObjects(sandboxConfig, objects, {
        dryRun: true,
      });
      expect(admitted.warnings).toEqual([]);
      expect(admitted.applied.map(a => a.kind)).toContain('Deployment');
      expect(
        (deployment.spec as any).template.metadata.annotations[
          'agentdeck.io/checks'
        ],
      ).toBe((parameters.checks as string[]).join(','));
    }
  });

  it('records the template before fetching the skeleton, which names it in catalog-info.yaml', async () => {
    const { steps } = await loadTemplate(template);
    const ids = steps.map(s => s.id);
    const record = steps.find(s => s.action === 'agentdeck:template:record');
    expect(record?.input).toEqual({
      inputs: '${{ parameters }}',
      spec: '${{ steps.manifests.output.spec }}',
      // an update proposal renders beside the repository, not over it
      targetPath: "${{ 'template' if parameters.agentdeckUpdate else '.' }}",
    });
    expect(ids.indexOf('manifests')).toBeLessThan(ids.indexOf('record'));
    expect(ids.indexOf('record')).toBeLessThan(ids.indexOf('fetch'));
    expect(
      steps.find(s => s.action === 'fetch:template')?.input.values,
    ).toMatchObject({
      templateRef: '${{ steps.record.output.template }}',
      templateVersion: '${{ steps.record.output.version }}',
    });
  });

  it('deploys the spec it rendered, for the owner the form names', async () => {
    const { steps } = await loadTemplate(template);
    const render = steps.find(s => s.action === 'agentdeck:manifests:render');
    const applies = steps.filter(
      s => s.action === 'agentdeck:kubernetes:apply',
    );
    expect(applies.map(s => s.id)).toEqual(['check', 'deploy']);
    for (const step of applies) {
      expect(step.input.spec).toBe(`\${{ steps.${render?.id}.output.spec }}`);
      expect(step.input.owner).toBe('${{ parameters.owner }}');
    }
    // the check runs before anything is published, so a refusal leaves nothing behind
    const ids = steps.map(s => s.id);
    expect(applies[0].input.checkOnly).toBe(true);
    expect(ids.indexOf('check')).toBeLessThan(ids.indexOf('publish'));
    expect(applies[1].input.checkOnly).toBeUndefined();
  });
});

describe('template versions', () => {
  it.each([...new Set(CASES.map(([t]) => t))])(
    '%s has a version and a changelog entry for every version up to it',
    async template => {
      const { doc } = await loadTemplate(template);
      const annotations = doc.metadata.annotations ?? {};
      const version = parseTemplateVersion(
        annotations[TEMPLATE_ANNOTATIONS.version],
      );
      expect(version).toBeGreaterThanOrEqual(1);
      const changes = parseTemplateChangelog(
        annotations[TEMPLATE_ANNOTATIONS.changelog],
      );
      expect(changes.map(c => c.version)).toEqual(
        Array.from({ length: version! }, (_, i) => version! - i),
      );
      for (const c of changes) expect(c.text.length).toBeGreaterThan(10);
    },
  );
});

describe('the restricted namespaces of the sandbox', () => {
  it('warn about what a restricted pod must not do, so a clean dry run means compliant', async () => {
    const container = {
      name: 'agent',
      image: 'x:1',
      ports: [{ containerPort: 8080, hostPort: 8080 }],
      securityContext: {
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: 'ai-agents' },
      spec: {
        selector: { matchLabels: { app: 'legacy' } },
        template: {
          metadata: { labels: { app: 'legacy' } },
          spec: {
            initContainers: [{ name: 'init', image: 'x:1' }],
            containers: [container],
            volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
          },
        },
      },
    };
    const { warnings } = await applyObjects(sandboxConfig, [deployment], {
      dryRun: true,
    });
    expect(warnings).toHaveLength(1);
    for (const part of [
      'hostPort (container "agent" uses hostPort 8080)',
      'allowPrivilegeEscalation != false (container "init"',
      'container "agent" must not include "SYS_ADMIN" in securityContext.capabilities.add',
      'restricted volume types (volume "host" uses restricted volume type "hostPath")',
    ])
      expect(warnings[0]).toContain(part);
  });
});

describe('template skeletons', () => {
  it('are one skeleton for all four templates, with the runbook written for each workload', async () => {
    const names = (await readdir(TEMPLATES_DIR)).filter(n =>
      n.endsWith('.yaml'),
    );
    expect(names).toHaveLength(4);
    const titles: Record<string, RegExp> = {
      'agent-http-api': /^# Runbook: \S+ \(HTTP API\)/,
      'agent-queue-worker': /^# Runbook: \S+ \(Redis queue worker\)/,
      'agent-nats-jetstream': /^# Runbook: \S+ \(NATS JetStream worker\)/,
      'agent-local-model': /^# Runbook: \S+ \(local model on GPU\)/,
    };
    for (const file of names) {
      const name = file.replace(/\.yaml$/, '');
      const { steps } = await loadTemplate(name);
      expect(steps.find(s => s.action === 'fetch:template')?.input.url).toBe(
        './skeleton',
      );
      const dir = await mkdtemp(join(tmpdir(), 'agentdeck-runbook-'));
      try {
        const fetch = steps.find(s => s.action === 'fetch:template');
        const values = resolveParameters(fetch?.input.values, {
          ...base,
          name: 'x-agent',
          profile: 'api',
        }) as Record<string, unknown>;
        await fetchSkeleton(name, values, dir);
        const runbook = (
          await readFile(join(dir, 'docs/runbook.md'), 'utf8')
        ).trimStart();
        expect(runbook).toMatch(titles[name]);
        expect(runbook).toContain('## Readiness failing');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});
