// Template updates end to end through the scaffolder: an agent created from
// the HTTP API template (its version now, "v1" below) is published to a local
// Git repository (the demo's publisher) with its render on
// agentdeck/template-v<N>; the team edits it; the template changes to the
// next version; the template run as "Propose update" with the recorded inputs
// merges the new version into the team's repository.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import localPublish, {
  createPublishLocalAction,
  createPublishLocalBranchAction,
  localRepoUrlReaderServiceFactory,
} from '@agentdeck/scaffolder-backend-module-local-publish';
import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scaffolderModuleAgents } from '../module';
import {
  dryRunFiles,
  dryRunTemplate,
  writeFiles,
} from '../__testUtils__/scaffolderDryRun';
import { TEMPLATES_DIR } from '../__testUtils__/templates';
import { TEMPLATE_BASE_VALUES as common } from '../__testUtils__/templateCases';

jest.setTimeout(120_000);

const form = {
  ...common,
  name: 'faq-agent',
  namespace: 'ai-agents',
  imageRepository: 'ghcr.io/acme/faq-agent',
  repoUrl: 'github.com?owner=acme&repo=faq-agent',
  profile: 'api',
  checks: ['llm_api'],
  minReplicas: 1,
  maxReplicas: 3,
  target: 4,
  ingressHost: 'faq.example.com',
  proxyTimeoutSeconds: 300,
};

/** The HTTP API template's version now: the agent is created from it. */
let v1: number;
/** The next version of the template: longer ingress timeouts and a longer grace period. */
function bump(template: any) {
  template.metadata.annotations['agentdeck.io/template-version'] = String(
    v1 + 1,
  );
  template.metadata.annotations['agentdeck.io/template-changelog'] = `v${
    v1 + 1
  }: Ingress timeouts of 900 s and a 315 s grace period.\n${
    template.metadata.annotations['agentdeck.io/template-changelog']
  }`;
  const render = template.spec.steps.find((s: any) => s.id === 'manifests');
  render.input.spec.ingress.timeoutSeconds = 900;
  render.input.spec.longestTaskSeconds = 300;
}

let root: string;
let server: any;
const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Team',
      '-c',
      'user.email=team@acme.test',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trim();

beforeAll(async () => {
  v1 = Number(
    parse(await readFile(join(TEMPLATES_DIR, 'agent-http-api.yaml'), 'utf8'))
      .metadata.annotations['agentdeck.io/template-version'],
  );
  root = await mkdtemp(join(tmpdir(), 'agentdeck-update-'));
  const config = {
    backend: { baseUrl: 'http://localhost:7007' },
    agentdeck: { localPublish: { directory: root } },
  };
  ({ server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleAgents,
      localPublish,
      localRepoUrlReaderServiceFactory,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
    ],
  }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function dryRun(
  values: Record<string, unknown>,
  edit: (t: any) => void = () => {},
) {
  const res = await dryRunTemplate(server, 'agent-http-api', values, edit);
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  const failed = res.body.steps?.find((s: any) => s.status === 'failed');
  expect(failed).toBeUndefined();
  return res.body;
}

it("proposes the next version of the template: the template's changes in, the team's edits kept, a conflict reported where both changed the same lines", async () => {
  const config = new ConfigReader({
    agentdeck: { localPublish: { directory: root } },
  });
  // created from v1 and published, its render kept on agentdeck/template-v1
  const created = await dryRun(form);
  const workspace = join(root, 'workspace');
  await writeFiles(workspace, dryRunFiles(created));
  for (const [action, input] of [
    [
      createPublishLocalAction({ config }),
      { repoUrl: form.repoUrl, defaultBranch: 'main' },
    ],
    [
      createPublishLocalBranchAction({ config }),
      {
        repoUrl: form.repoUrl,
        branchName: `agentdeck/template-v${v1}`,
        message: `render v${v1}`,
      },
    ],
  ] as const)
    await (action as any).handler(
      createMockActionContext({
        input: input as any,
        workspacePath: workspace,
      }),
    );
  const record = JSON.parse(
    await readFile(
      join(root, 'checkouts/acme/faq-agent/.agentdeck/template.json'),
      'utf8',
    ),
  );
  expect(record.version).toBe(v1);
  expect(record.inputs.agentdeckUpdate).toBeUndefined();

  // the team's edits, pushed to main
  const checkout = join(root, 'checkouts/acme/faq-agent');
  const edit = async (path: string, from: string, to: string) => {
    const file = join(checkout, path);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(from);
    await writeFile(file, text.replace(from, to));
  };
  // the same lines the template changes
  await edit(
    'deploy/base/ingress.yaml',
    'nginx.ingress.kubernetes.io/proxy-read-timeout: "300"',
    'nginx.ingress.kubernetes.io/proxy-read-timeout: "600"',
  );
  // lines of a file the template changes elsewhere
  await edit('deploy/base/deployment.yaml', 'memory: 1Gi', 'memory: 2Gi');
  // a file the template does not change
  await edit('README.md', 'faq-agent', 'faq-agent (owned by the FAQ team)');
  git(checkout, 'commit', '-qam', 'Team edits');
  git(
    checkout,
    'push',
    '-q',
    join(root, 'bare/acme/faq-agent.git'),
    'HEAD:main',
  );

  // the template as Propose update runs it: the next version, the recorded inputs, in update mode
  const proposed = await dryRun(
    { ...record.inputs, agentdeckUpdate: true },
    bump,
  );
  const files = dryRunFiles(proposed);
  const merged = (p: string) => files.get(`merged/${p}`) ?? '';

  // the new render is in template/, nothing at the root, the record says the next version
  expect(files.has('catalog-info.yaml')).toBe(false);
  expect(
    JSON.parse(files.get('template/.agentdeck/template.json')!).version,
  ).toBe(v1 + 1);
  expect(JSON.parse(merged('.agentdeck/template.json')).version).toBe(v1 + 1);

  // the template's change where the team did not touch those lines
  expect(merged('deploy/base/deployment.yaml')).toContain(
    'terminationGracePeriodSeconds: 315',
  );
  // the team's edits kept
  expect(merged('deploy/base/deployment.yaml')).toContain('memory: 2Gi');
  expect(merged('README.md')).toContain('faq-agent (owned by the FAQ team)');
  // both changed the timeouts (the team one of the two lines the template
  // changed): the team's lines stay, the template's are reported
  expect(merged('deploy/base/ingress.yaml')).toContain(
    [
      'nginx.ingress.kubernetes.io/proxy-read-timeout: "600"',
      '    nginx.ingress.kubernetes.io/proxy-send-timeout: "300"',
    ].join('\n'),
  );
  expect(merged('deploy/base/ingress.yaml')).not.toContain('"900"');
  const text = JSON.stringify(proposed.output);
  expect(text).toContain(`Template update v${v1} → v${v1 + 1}.`);
  expect(text).toMatch(
    /Conflicts \(1\)[^]*deploy\/base\/ingress\.yaml[^]*proxy-read-timeout: \\?"600[^]*proxy-read-timeout: \\?"900/,
  );
  expect(text).toContain('`README.md`');
});
