import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SAMPLE_SPECS } from '../__testUtils__/specs';
import { validateK8sObject } from '../__testUtils__/kubernetesModels';
import {
  kustomizeBuild,
  restrictedViolations,
} from '../__testUtils__/kustomize';
import {
  K8sObject,
  parseAgentSpec,
  renderEnvironmentObjects,
  renderManifestFiles,
} from '.';

const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
const byKey = (objects: K8sObject[]) =>
  [...objects].sort((a, b) => key(a).localeCompare(key(b)));

describe.each(Object.entries(SAMPLE_SPECS))('rendering %s', (_, input) => {
  const spec = parseAgentSpec(input);
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-render-'));
    for (const [path, content] of Object.entries(renderManifestFiles(spec))) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes base objects that validate against kubernetes-models', () => {
    const files = renderManifestFiles(spec);
    const objects = Object.entries(files)
      .filter(
        ([p]) =>
          p.startsWith('deploy/base/') && !p.endsWith('kustomization.yaml'),
      )
      .flatMap(([, content]) =>
        parseAllDocuments(content).map(d => d.toJS() as K8sObject),
      );
    expect(objects.length).toBeGreaterThan(10);
    for (const obj of objects) {
      expect(() => validateK8sObject(obj)).not.toThrow();
      expect((obj.metadata as any).labels).toMatchObject({
        app: spec.name,
        'app.kubernetes.io/name': spec.name,
        'backstage.io/kubernetes-id': spec.name,
      });
    }
  });

  it.each(spec.environments)(
    'builds the %s overlay with kubectl kustomize',
    async env => {
      const built = await kustomizeBuild(join(dir, 'deploy/overlays', env));
      for (const obj of built)
        expect(() => validateK8sObject(obj)).not.toThrow();
      // The in-process rendering used by kubernetes:apply must equal kustomize's.
      expect(byKey(built)).toEqual(byKey(renderEnvironmentObjects(spec, env)));
      const deployment = built.find(o => o.kind === 'Deployment');
      expect(deployment).toBeDefined();
      expect(restrictedViolations(deployment as K8sObject)).toEqual([]);
      const template = (deployment as any).spec.template;
      expect(template.metadata.labels['backstage.io/kubernetes-id']).toBe(
        spec.name,
      );
      // what AgentDeck's discovery finds an agent by, registered or not
      expect((deployment as any).metadata.labels['agentdeck.io/agent']).toBe(
        spec.name,
      );
      expect(template.metadata.labels['agentdeck.io/agent']).toBe(spec.name);
      expect(template.metadata.annotations['agentdeck.io/checks']).toBe(
        spec.checks.join(','),
      );
      expect(new Set(built.map(o => (o.metadata as any).namespace)).size).toBe(
        1,
      );
    },
  );
});

describe('rendered details', () => {
  it('has a validator that rejects a malformed object', () => {
    const spec = parseAgentSpec(SAMPLE_SPECS.httpApi);
    const deployment = renderEnvironmentObjects(spec, 'dev').find(
      o => o.kind === 'Deployment',
    ) as any;
    expect(() =>
      validateK8sObject({
        ...deployment,
        spec: { ...deployment.spec, replicas: 'two' },
      }),
    ).toThrow();
  });

  it('gives local-model pods a GPU, a nodeSelector and a toleration', () => {
    const spec = parseAgentSpec(SAMPLE_SPECS.localModel);
    const deployment = renderEnvironmentObjects(spec, 'production').find(
      o => o.kind === 'Deployment',
    ) as any;
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(deployment.spec.replicas).toBe(2);
  });

  it('scales the HTTP agent on agent_active_requests and shrinks bounds in dev', () => {
    const spec = parseAgentSpec(SAMPLE_SPECS.httpApi);
    const prod = renderEnvironmentObjects(spec, 'production').find(
      o => o.kind === 'HorizontalPodAutoscaler',
    ) as any;
    expect(prod.spec.metrics[0].pods.metric.name).toBe('agent_active_requests');
    expect([prod.spec.minReplicas, prod.spec.maxReplicas]).toEqual([2, 10]);
    const dev = renderEnvironmentObjects(spec, 'dev');
    const hpa = dev.find(o => o.kind === 'HorizontalPodAutoscaler') as any;
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([1, 2]);
    expect(
      (dev.find(o => o.kind === 'Ingress') as any).spec.rules[0].host,
    ).toBe('billing-agent.dev.example.com');
    expect(dev[0].metadata.namespace).toBe('ai-agents-dev');
  });

  it("publishes the A2A card on the Ingress, naming each environment's own endpoint", () => {
    const spec = parseAgentSpec(SAMPLE_SPECS.httpApi);
    for (const [env, host] of [
      ['dev', 'billing-agent.dev.example.com'],
      ['production', 'billing-agent.example.com'],
    ] as const) {
      const objects = renderEnvironmentObjects(spec, env);
      const ingress = objects.find(o => o.kind === 'Ingress') as any;
      expect(ingress.spec.rules[0].http.paths).toContainEqual(
        expect.objectContaining({
          path: '/.well-known/agent-card.json',
          pathType: 'Exact',
        }),
      );
      const config = objects.find(o => o.kind === 'ConfigMap') as any;
      expect(config.data.AGENT_CARD_URL).toBe(`https://${host}/agent/run`);
    }
  });

  it('never writes a secret value', () => {
    for (const input of Object.values(SAMPLE_SPECS)) {
      const files = renderManifestFiles(parseAgentSpec(input));
      const all = Object.values(files).join('\n');
      expect(all).not.toMatch(/kind: Secret\b/);
      expect(all).not.toMatch(/stringData|LLM_API_KEY: /);
    }
  });

  it.each([
    [{ name: 'Billing_Agent' }, 'name'],
    [
      { scaling: { mode: 'hpa', minReplicas: 5, maxReplicas: 2, target: 8 } },
      'scaling.minReplicas',
    ],
    [{ profile: 'gigantic' }, 'profile'],
    [{ egressHosts: ['https://api.openai.com/v1'] }, 'egressHosts.0'],
    [{ image: 'ghcr.io/acme/billing-agent:latest' }, 'image'],
    [
      { dependencies: { database: 'postgresql://u:hunter2@db:5432/x' } },
      'dependencies.database',
    ],
    [
      { dependencies: { llm_api: 'https://ghp_token@api.example.com/v1' } },
      'dependencies.llm_api',
    ],
  ])('refuses %j naming %s', (patch, field) => {
    expect(() => parseAgentSpec({ ...SAMPLE_SPECS.httpApi, ...patch })).toThrow(
      new RegExp(`${field.replace('.', '\\.')}: `),
    );
  });

  it.each([
    'redis://:hunter2@redis:6379/0',
    'redis://default:hunter2@redis:6379/0',
    'nats://s3cr3t-token@nats:4222',
    'agent:hunter2@redis:6379',
  ])('refuses credentials in queue.address %s', address => {
    const { queue } = SAMPLE_SPECS.redisWorker;
    expect(() =>
      parseAgentSpec({
        ...SAMPLE_SPECS.redisWorker,
        queue: { kind: 'redis', name: 'invoices', ...queue, address },
      }),
    ).toThrow(/queue\.address: credentials belong in the secret store/);
  });

  it('accepts a queue address without a scheme', () => {
    const spec = parseAgentSpec({
      ...SAMPLE_SPECS.redisWorker,
      queue: { kind: 'redis', address: 'redis:6379', name: 'invoices' },
    });
    expect(spec.queue?.address).toBe('redis:6379');
  });
});
