import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';
import { imageRepositoryName } from './imageSources';

jest.setTimeout(60000);

const agent = (name: string, image: string) => ({
  name,
  namespace: 'ai-agents',
  image,
  replicas: 1,
  scaling: { mode: 'none' as const },
});

const scenario = {
  name: 'image-sources',
  agents: [
    agent('faq-agent', 'ghcr.io/acme/faq-agent:1.0.0'),
    agent('twin-agent', 'registry.example.com/twin-agent:2.0.0'),
    agent('plain-agent', 'registry.example.com/ai/plain-agent:1.4.2'),
  ],
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    [
      '-c',
      'init.defaultBranch=main',
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, stdio: 'pipe' },
  );

const card = (name: string, skills: string[]) =>
  `${JSON.stringify(
    {
      name,
      description: `${name} from its repository`,
      version: '1.0.0',
      skills: skills.map(s => ({ id: s, name: s, description: s, tags: [] })),
    },
    null,
    2,
  )}\n`;

describe('pods whose image is built from a local repository', () => {
  let c: SandboxCluster;
  let root: string;

  /** Publishes as agentdeck:publish:local does: bare/<owner>/<repo>.git, the card on `branch`. */
  function publish(owner: string, repo: string, text: string, branch = 'main') {
    const bare = join(root, 'bare', owner, `${repo}.git`);
    mkdirSync(bare, { recursive: true });
    git(bare, 'init', '--bare', '--quiet');
    const work = mkdtempSync(join(root, 'work-'));
    git(work, 'init', '--quiet', '-b', branch);
    writeFileSync(join(work, 'agent-card.json'), text);
    git(work, 'add', '--all');
    git(work, 'commit', '--quiet', '-m', 'Initial commit');
    git(work, 'push', '--quiet', bare, `HEAD:refs/heads/${branch}`);
    return { bare, work };
  }

  const cardOf = async (app: string) => {
    const pod = (
      await call(
        c,
        `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3D${app}`,
      )
    ).json.items[0].metadata.name;
    const r = await call(
      c,
      `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/.well-known/agent-card.json`,
    );
    expect(r.status).toBe(200);
    return r;
  };
  const skillsOf = async (app: string) =>
    (await cardOf(app)).json.skills.map((s: { name: string }) => s.name);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'agentdeck-repos-'));
    c = await startSandboxCluster({
      scenario,
      timeScale: 0,
      imageSources: root,
    });
    c.sim.advance(30);
  });
  afterAll(async () => {
    await c?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('names an image after the last path segment of its repository', () => {
    expect(imageRepositoryName('ghcr.io/acme/faq-agent:1.0.0')).toBe(
      'faq-agent',
    );
    expect(imageRepositoryName('localhost:5000/FAQ-Agent@sha256:abc')).toBe(
      'faq-agent',
    );
    expect(imageRepositoryName('faq-agent')).toBe('faq-agent');
  });

  it('serves the simulated card until a repository of that name is published, then the repository card as it is', async () => {
    expect(await skillsOf('faq-agent')).toEqual(['Answer requests']);
    // the default branch is the one served, not another branch's card
    const text = card('faq-agent', ['Answer FAQs', 'Escalate']);
    const { work } = publish('support-team', 'faq-agent', text);
    writeFileSync(
      join(work, 'agent-card.json'),
      card('faq-agent', ['Unreleased']),
    );
    git(work, 'commit', '--quiet', '-am', 'On a branch');
    git(
      work,
      'push',
      '--quiet',
      join(root, 'bare', 'support-team', 'faq-agent.git'),
      'HEAD:refs/heads/feature',
    );

    const r = await cardOf('faq-agent');
    expect(r.text).toBe(text);
    expect(r.json.skills.map((s: { name: string }) => s.name)).toEqual([
      'Answer FAQs',
      'Escalate',
    ]);
  });

  it('keeps the card an image was built with: a later commit is not in the running image', async () => {
    const bare = join(root, 'bare', 'support-team', 'faq-agent.git');
    const work = mkdtempSync(join(root, 'work-'));
    git(work, 'clone', '--quiet', bare, '.');
    writeFileSync(join(work, 'agent-card.json'), card('faq-agent', ['Later']));
    git(work, 'commit', '--quiet', '-am', 'Later');
    git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    expect(await skillsOf('faq-agent')).toEqual(['Answer FAQs', 'Escalate']);
  });

  it('serves the simulated card when two owners have a repository of that name', async () => {
    publish('team-a', 'twin-agent', card('twin-agent', ['From A']));
    publish('team-b', 'Twin-Agent', card('twin-agent', ['From B']));
    expect(await skillsOf('twin-agent')).toEqual(['Answer requests']);
  });

  it('serves the simulated card when the repository has no card', async () => {
    const bare = join(root, 'bare', 'ops', 'plain-agent.git');
    mkdirSync(bare, { recursive: true });
    git(bare, 'init', '--bare', '--quiet');
    expect(await skillsOf('plain-agent')).toEqual(['Answer requests']);
  });

  it('answers a hostile card before the repository card', async () => {
    c.sim.setHostile('faq-agent', { card: 'garbage' });
    try {
      expect((await cardOf('faq-agent')).text).toContain('half a card');
    } finally {
      c.sim.setHostile('faq-agent', null);
    }
    expect(await skillsOf('faq-agent')).toEqual(['Answer FAQs', 'Escalate']);
  });
});
