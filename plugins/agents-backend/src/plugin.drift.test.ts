import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { AgentDriftResponse } from '@agentdeck/plugin-agents-common';
import {
  startSandboxCluster,
  SandboxCluster,
} from '@agentdeck/sandbox-cluster';
import {
  parseAgentSpec,
  renderManifestFiles,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
import { localRepoUrlReaderServiceFactory } from '@agentdeck/scaffolder-backend-module-local-publish';
import { kubectlPath } from '@agentdeck/test-utils';
import request from 'supertest';
import { agent } from './__testUtils__/entities';
import { kubernetesConfig } from './__testUtils__/startAgentsBackend';
import { waitFor } from './services/ClusterCache/__testUtils__/waitFor';
import { DRIFT_SPECS } from './services/Drift/__testUtils__/specs';
import { agentsPlugin } from './plugin';

jest.setTimeout(120_000);

const exec = promisify(execFile);

/** A published agent repository: a git checkout as agentdeck:publish:local leaves it. */
async function publishRepo(dir: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      cwd: dir,
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'Scaffolded');
}

/** An agent registered from its repository's catalog-info.yaml: without an SCM integration for file: URLs the catalog adds no source-location. */
const withSource = (name: string, source: string | undefined): Entity => {
  const e = agent(name, { 'backstage.io/kubernetes-id': 'billing-agent' });
  if (source)
    e.metadata.annotations![
      'backstage.io/managed-by-location'
    ] = `url:${source}catalog-info.yaml`;
  return e;
};

describe('drift of live objects from the repository overlays', () => {
  let dir: string;
  let sandbox: SandboxCluster;
  let kubeconfig: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const logger = mockServices.logger.mock();
  const spec = parseAgentSpec(DRIFT_SPECS.hpa);

  const kubectl = (...args: string[]) =>
    exec(kubectlPath(), ['--kubeconfig', kubeconfig, ...args]);
  const drift = async (name: string): Promise<AgentDriftResponse> => {
    const res = await request(backend.server)
      .get(`/api/agents/entities/default/${name}/drift`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const warnings = () =>
    logger.warn.mock.calls
      .map(([m]) => String(m))
      .filter(m => m.startsWith('Drift of '));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-drift-'));
    const checkouts = join(dir, 'checkouts', 'acme');
    const files = renderManifestFiles(spec);
    await publishRepo(join(checkouts, 'billing-agent'), files);
    await publishRepo(join(checkouts, 'hand-edited'), {
      ...files,
      'deploy/overlays/dev/kustomization.yaml': `${files['deploy/overlays/dev/kustomization.yaml']}images:\n  - name: ghcr.io/acme/billing-agent\n    newTag: 0.2.0\n`,
    });
    const url = (repo: string) =>
      `${pathToFileURL(join(checkouts, repo)).toString()}/`;

    sandbox = await startSandboxCluster({
      name: 'sandbox-eu',
      scenario: { name: 'drift', agents: [] },
      timeScale: 0,
    });
    kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, sandbox.kubeconfig());
    const overlays = join(checkouts, 'billing-agent', 'deploy/overlays');
    for (const [ns, env] of [
      ['ai-agents-dev', 'dev'],
      ['ai-agents', 'production'],
    ]) {
      await kubectl('create', 'namespace', ns);
      await kubectl('apply', '-k', join(overlays, env));
    }

    backend = await startTestBackend({
      features: [
        agentsPlugin,
        localRepoUrlReaderServiceFactory,
        catalogServiceMock.factory({
          entities: [
            withSource('billing-agent', url('billing-agent')),
            withSource('hand-edited', url('hand-edited')),
            withSource('no-repo', undefined),
            withSource('gone-repo', url('gone')),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesConfig([sandbox]),
            agentdeck: { localPublish: { directory: dir } },
          },
        }),
        logger.factory,
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds none in objects applied from the overlays', async () => {
    const result = await waitFor(async () => {
      const r = await drift('billing-agent');
      return r.environments.length === 2 && r;
    }, 'both environments');
    expect(result.source).toMatch(
      /^file:.*\/checkouts\/acme\/billing-agent\/$/,
    );
    expect(
      result.environments.map(e => [e.cluster, e.environment, e.namespace]),
    ).toEqual([
      ['sandbox-eu', 'dev', 'ai-agents-dev'],
      ['sandbox-eu', 'production', 'ai-agents'],
    ]);
    for (const env of result.environments) {
      expect(env).toMatchObject({
        overlay: `deploy/overlays/${env.environment}`,
        differences: [],
        missing: [],
      });
      expect(env.message).toBeUndefined();
      expect(env.notChecked).toEqual(
        expect.arrayContaining(['ConfigMap', 'Ingress', 'Service']),
      );
      expect(env.notChecked).not.toContain('Deployment');
    }
  });

  it('names fields changed with kubectl, env vars without their values, and not a new tag', async () => {
    await kubectl(
      'patch',
      'hpa',
      'billing-agent',
      '-n',
      'ai-agents-dev',
      '--type=merge',
      '-p',
      '{"spec":{"maxReplicas":9}}',
    );
    await kubectl(
      'set',
      'env',
      'deployment/billing-agent',
      '-n',
      'ai-agents',
      'WEB_CONCURRENCY=never-shown-value',
    );
    await kubectl(
      'set',
      'image',
      'deployment/billing-agent',
      '-n',
      'ai-agents',
      'agent=ghcr.io/acme/billing-agent:9.9.9',
    );
    const result = await waitFor(async () => {
      const r = await drift('billing-agent');
      return r.environments.every(e => e.differences.length > 0) && r;
    }, 'drift in both environments');
    const [dev, production] = result.environments;
    expect(dev.differences).toEqual([
      {
        kind: 'HorizontalPodAutoscaler',
        name: 'billing-agent',
        field: 'spec.maxReplicas',
        expected: '2',
        live: '9',
      },
    ]);
    expect(production.differences).toEqual([
      {
        kind: 'Deployment',
        name: 'billing-agent',
        field: 'spec.template.spec.containers[agent].env[WEB_CONCURRENCY]',
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('never-shown-value');
  });

  it('says what it cannot build or read, once in the log, never with a 500', async () => {
    const edited = await drift('hand-edited');
    expect(edited.source).toMatch(/hand-edited\/$/);
    const dev = edited.environments.find(e => e.environment === 'dev');
    expect(dev?.message).toBe(
      'drift not computed: images in deploy/overlays/dev/kustomization.yaml is not supported',
    );
    expect(dev?.differences).toEqual([]);
    // production's overlay is as rendered
    expect(
      edited.environments.find(e => e.environment === 'production')?.message,
    ).toBeUndefined();
    await drift('hand-edited');

    expect(await drift('no-repo')).toEqual({
      environments: [],
      message: expect.stringContaining('names no repository'),
    });
    const gone = await drift('gone-repo');
    expect(gone.environments.map(e => e.message)).toEqual([
      expect.stringMatching(
        /^drift not computed: the overlay could not be read/,
      ),
      expect.stringMatching(
        /^drift not computed: the overlay could not be read/,
      ),
    ]);
    await drift('gone-repo');
    // one warning per problem, however often the page is opened: one per overlay of gone-repo
    expect(warnings()).toEqual([
      expect.stringContaining(
        'agent:default/hand-edited: drift not computed: images',
      ),
      expect.stringContaining('agent:default/no-repo'),
      expect.stringMatching(
        /gone-repo.*overlays\/dev\/kustomization.yaml does not exist/,
      ),
      expect.stringMatching(
        /gone-repo.*overlays\/production\/kustomization.yaml does not exist/,
      ),
    ]);
  });

  it('answers 404 for an agent the catalog does not have', async () => {
    const res = await request(backend.server)
      .get('/api/agents/entities/default/nobody/drift')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
  });
});
