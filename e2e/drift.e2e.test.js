// Drift in the demo: an agent created and deployed through the scaffolder's
// REST API matches its repository's production overlay on the Agent tab; a
// field changed live with kubectl (the demo's writing identity, as an operator
// would) shows up in the Drift section by name, an env var without its value,
// a new image tag not at all.
const { openBrowser, visit, screenshot } = require('./browser');
const {
  api,
  until,
  kubectl: kubectlAny,
  createHttpAgent,
} = require('./backend');

// the demo's kubeconfig: context sandbox-eu is the writing identity
const kubectl = args => kubectlAny(['--context', 'sandbox-eu', ...args]);

// creating, deploying and the cache catching up take longer than the default 3 minutes on a busy machine
jest.setTimeout(300000);

// a new name each run: published repositories and catalog entries persist
const name = `drift-${Date.now().toString(36)}`;
const namespace = 'support-agents';
const secretValue = `never-shown-${Date.now().toString(36)}`;

describe('drift between the cluster and the repository', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    // the agent's objects go; its repository and catalog entry stay, as for every e2e agent
    for (const kind of ['deployment', 'hpa', 'service'])
      await kubectl(['delete', kind, name, '-n', namespace]).catch(() => {});
  });

  /** The Agent tab's Drift section once it says `text`, reloading while the cache and poll catch up. */
  async function driftSection(text) {
    return until(`the Drift section to say ${text}`, async () => {
      await visit(page, `/catalog/default/agent/${name}/agent`);
      const section = page.getByTestId('agent-drift');
      await section.getByText(text).first().waitFor({ timeout: 20000 });
      return section;
    });
  }

  it('creates and deploys an agent whose live objects match deploy/overlays/production', async () => {
    const task = await createHttpAgent(
      'template:default/agent-http-api',
      name,
      {
        description:
          'Answers questions; its cluster objects are edited by hand',
        namespace,
        deployNow: true,
      },
    );
    expect(task.status).toBe('completed');
    await until('the agent in the catalog', () =>
      api('GET', `/api/catalog/entities/by-name/agent/default/${name}`),
    );

    const section = await driftSection(
      'Live objects match deploy/overlays/production',
    );
    expect(await section.innerText()).toContain(`in sandbox-eu (${namespace})`);
    expect(await section.innerText()).toMatch(/Not checked .*ConfigMap/);
    await screenshot(page, 'drift-none');
  });

  it('names the fields an operator changed with kubectl, never an env value', async () => {
    await kubectl([
      'patch',
      'hpa',
      name,
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"spec":{"maxReplicas":7}}',
    ]);
    await kubectl([
      'set',
      'env',
      `deployment/${name}`,
      '-n',
      namespace,
      `WEB_CONCURRENCY=${secretValue}`,
    ]);
    // a new tag is a release, not drift
    await kubectl([
      'set',
      'image',
      `deployment/${name}`,
      '-n',
      namespace,
      `agent=registry.example.com/${name}:1.0.1`,
    ]);

    const section = await driftSection('spec.maxReplicas');
    const table = section.getByRole('table', {
      name: 'Drift from deploy/overlays/production',
    });
    await table
      .getByText('spec.template.spec.containers[agent].env[WEB_CONCURRENCY]')
      .waitFor();
    const rows = await table.getByRole('row').allInnerTexts();
    const cells = rows.map(r => r.split('\t').map(c => c.trim()));
    expect(cells).toContainEqual([
      `HorizontalPodAutoscaler/${name}`,
      'spec.maxReplicas',
      '3',
      '7',
    ]);
    expect(cells).toContainEqual([
      `Deployment/${name}`,
      'spec.template.spec.containers[agent].env[WEB_CONCURRENCY]',
      'differs (value not shown)',
    ]);
    expect(rows.join('\n')).not.toContain('image');
    expect(await section.innerText()).toContain('Env var values are not shown');
    expect(await page.locator('body').innerText()).not.toContain(secretValue);
    await screenshot(page, 'drift-found');

    // nor does the REST answer carry the value
    const body = JSON.stringify(
      await api('GET', `/api/agents/entities/default/${name}/drift`),
    );
    expect(body).toContain('WEB_CONCURRENCY');
    expect(body).not.toContain(secretValue);
  });
});
