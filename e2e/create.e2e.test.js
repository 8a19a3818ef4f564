const { openBrowser, visit, screenshot } = require('./browser');
const { backendUrl, guestToken, kubectl } = require('./backend');

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

const isReady = pod =>
  pod.status?.phase === 'Running' &&
  (pod.status.conditions ?? []).some(
    c => c.type === 'Ready' && c.status === 'True',
  );

/** Log lines of one step of a scaffolder task, read from the scaffolder's REST API as the guest. */
async function stepLog(taskId, stepId) {
  const token = await guestToken();
  const res = await fetch(
    `${backendUrl}/api/scaffolder/v2/tasks/${taskId}/events`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok) throw new Error(`task events answered ${res.status}`);
  return (await res.json())
    .filter(e => e.type === 'log' && e.body?.stepId === stepId)
    .map(e => String(e.body.message).replace(ANSI, ''));
}

/** The agent's A2A card as the backend read it, for a failure's message. */
async function backendCard(agent) {
  const res = await fetch(
    `${backendUrl}/api/agents/entities/default/${agent}/card`,
    { headers: { authorization: `Bearer ${await guestToken()}` } },
  );
  return `${res.status} ${await res.text()}`;
}

// A new name each run: published repositories and catalog entries persist.
const name = `faq-${Date.now().toString(36)}`;
// the form's Skills: the generated repository's agent-card.json holds them, and
// the sandbox runs the image built from that repository (--image-sources)
const skills = [
  {
    name: 'Answer FAQs',
    description: 'Answers a frequently asked question from the help centre',
  },
  {
    name: 'Hand over to a person',
    description: 'Passes a question it cannot answer to the support team',
  },
];

describe('creating an agent from the template gallery', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  const fill = (label, value) =>
    page.getByRole('textbox', { name: label }).first().fill(value);
  const next = () => page.getByRole('button', { name: 'Next' }).click();

  it('offers the four agent templates', async () => {
    await visit(page, '/create');
    await page.getByText('HTTP API agent').first().waitFor();
    await screenshot(page, 'create-gallery');
    const body = await page.locator('body').innerText();
    for (const title of [
      'HTTP API agent',
      'Queue worker agent',
      'NATS JetStream worker agent',
      'Local model agent',
    ]) {
      expect(body.toLowerCase()).toContain(title.toLowerCase());
    }
  });

  it('creates an HTTP API agent that appears in the catalog and runs in the sandbox', async () => {
    await visit(page, '/create/templates/default/agent-http-api');
    await fill('Name', name);
    await fill('Description', 'Answers frequently asked questions');
    // the Skills array: its own Add Item button comes after its items' (Tags, Example requests)
    for (const [i, skill] of skills.entries()) {
      await page.getByRole('button', { name: 'Add Item' }).last().click();
      await page
        .getByRole('textbox', { name: 'Skill' })
        .nth(i)
        .fill(skill.name);
      await page
        .getByRole('textbox', { name: 'What it does' })
        .nth(i)
        .fill(skill.description);
    }
    await page.getByRole('textbox', { name: 'Owner' }).first().click();
    await page
      .getByRole('option')
      .filter({ hasText: 'support' })
      .first()
      .click();
    await next();
    await page.getByText('Resource profile').first().waitFor();
    await next();
    await page.getByText('Minimum replicas').first().waitFor();
    await next();
    await fill('Ingress host', `${name}.example.com`);
    await fill('ClusterSecretStore', 'vault');
    await fill('Remote key', `ai/${name}`);
    await next();
    await fill('Owner', 'support-team');
    await fill('Repository', name);
    await fill('Namespace', 'support-agents');
    await fill('Image repository', `registry.example.com/${name}`);
    await page.getByRole('checkbox', { name: /Deploy to sandbox/ }).check();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await page.getByText('Deploy to the sandbox cluster').first().waitFor();
    await page
      .getByRole('link', { name: /open in catalog/i })
      .waitFor({ timeout: 120000 });
    await screenshot(page, 'create-task-done');
    const taskId = /\/create\/tasks\/([^/?#]+)/.exec(page.url())?.[1];
    expect(taskId).toBeTruthy();
    // the page shows only the log's last lines: read each step's log from the REST API
    expect(
      (await stepLog(taskId, 'manifests')).some(l =>
        /Rendered \d+ manifest files/.test(l),
      ),
    ).toBe(true);
    // the check step ran every ownership rule and a server-side dry run before anything was published
    expect(
      (await stepLog(taskId, 'check')).some(l =>
        /Applying \d+ objects to sandbox-eu\/support-agents \(server dry run\)/.test(
          l,
        ),
      ),
    ).toBe(true);
    const deployLog = await stepLog(taskId, 'deploy');
    expect(
      deployLog.some(l =>
        /Applying \d+ objects to sandbox-eu\/support-agents/.test(l),
      ),
    ).toBe(true);
    // PodSecurity violations and skipped objects are logged as warnings
    expect(deployLog.filter(l => /\bwarn(ing)?\b|Skipped /i.test(l))).toEqual(
      [],
    );

    // the sandbox runs the new Deployment: every pod of the agent turns Ready
    let pods = [];
    for (let i = 0; i < 60; i++) {
      const out = await kubectl([
        '--context',
        'sandbox-eu',
        'get',
        'pods',
        '-n',
        'support-agents',
        '-l',
        `backstage.io/kubernetes-id=${name}`,
        '-o',
        'json',
      ]);
      pods = JSON.parse(out).items;
      if (pods.length > 0 && pods.every(isReady)) break;
      await page.waitForTimeout(2000);
    }
    expect(pods.length).toBeGreaterThan(0);
    expect(
      pods
        .filter(p => !isReady(p))
        .map(p => `${p.metadata.name}: ${p.status?.phase}`),
    ).toEqual([]);

    await page.getByRole('link', { name: /open in catalog/i }).click();
    // the catalog may still be processing the new entity: reload until its page is there
    const agentTab = page
      .locator('a')
      .filter({ hasText: /^Agent$/ })
      .first();
    for (let i = 0; i < 12 && !(await agentTab.isVisible()); i++) {
      await page.waitForTimeout(10000);
      if (!(await agentTab.isVisible())) await page.reload();
    }
    await screenshot(page, 'create-new-agent-entity');
    await agentTab.click();
    await page.getByText('sandbox-eu').first().waitFor({ timeout: 120000 });
    await screenshot(page, 'create-new-agent-page');
    const body = await page.locator('body').innerText();
    expect(body).toContain('support-team');
    expect(body).toMatch(/HPA support-agents\//);
    expect(body).not.toMatch(/no workloads found/i);

    // the running agent serves the A2A card its repository was generated with: the form's skills
    await page.getByText('Agent card (A2A)').first().waitFor();
    try {
      await page
        .getByText(`Skills (${skills.length})`)
        .waitFor({ timeout: 120000 });
    } catch (e) {
      await screenshot(page, 'create-new-agent-card-failed');
      throw new Error(`${e.message}\ncard: ${await backendCard(name)}`);
    }
    const shown = await page
      .getByRole('list', { name: 'skills' })
      .getByRole('listitem')
      .evaluateAll(items => items.map(li => li.getAttribute('aria-label')));
    expect(shown).toEqual(skills.map(s => s.name));
    await screenshot(page, 'create-new-agent-card');
  }, 600000);
});
