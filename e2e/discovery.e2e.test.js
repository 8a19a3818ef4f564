// Discovery: agents running in the sandbox clusters that no catalog entity claims show on the
// Agents page with their likely owner and cost, the totals per owner gain an "unowned" row, a
// team's page shows the unregistered agents in its namespaces, and Register turns one into a
// catalog Agent in one step. Also the A2A card's skills on a demo agent's pages.
// The demo fleet (docs/example-fleet.md): k8s-assistant (kagent, namespace kagent, owner
// ai-platform by annotation), scratch-agent (namespace experiments, no owner) and paper-scout
// (sandbox-us, namespace research-sandbox, label team: research-team).
const { openBrowser, visit, screenshot } = require('./browser');
const { backendUrl, guestToken } = require('./backend');

/** GET a backend path as the guest; undefined on 404. */
async function get(path) {
  const res = await fetch(`${backendUrl}${path}`, {
    headers: { authorization: `Bearer ${await guestToken()}` },
  });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res.json();
}

/** Polls `read` every few seconds until `done(value)`; returns the last value. */
async function poll(read, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 3000));
    value = await read();
  }
  return value;
}

const UNREGISTERED = ['k8s-assistant', 'paper-scout', 'scratch-agent'];
const overview = () => get('/api/agents/overview');
const unregisteredNames = o => (o?.unregistered ?? []).map(u => u.name).sort();

describe('agents nobody registered', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  /** The row of the unregistered agents' table that names `name`. */
  const unregisteredRow = name =>
    page
      .getByRole('table')
      .filter({ hasText: 'Likely owner' })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: `Register ${name}` }) });

  it('lists the three unregistered agents on the Agents page with their owner and cost, and an unowned row in the totals', async () => {
    // discovery reads the catalog once, and usage needs the pods sampled: wait for both
    const o = await poll(
      overview,
      v =>
        UNREGISTERED.every(n =>
          v?.unregistered?.some(u => u.name === n && u.cost24hUsd > 0),
        ),
      240000,
    );
    expect(unregisteredNames(o)).toEqual(UNREGISTERED);
    for (const u of o.unregistered) expect(u.cost24hUsd).toBeGreaterThan(0);
    const byName = Object.fromEntries(o.unregistered.map(u => [u.name, u]));
    expect(byName['k8s-assistant']).toMatchObject({
      cluster: 'sandbox-eu',
      namespace: 'kagent',
      kind: 'kagent Agent',
      owner: 'group:default/ai-platform',
    });
    expect(byName['paper-scout']).toMatchObject({
      cluster: 'sandbox-us',
      namespace: 'research-sandbox',
      owner: 'group:default/research-team',
      ownerFrom: { kind: 'label', key: 'team' },
    });
    expect(byName['scratch-agent'].owner).toBeUndefined();

    await visit(page, '/agents');
    await page.getByText('Unregistered agents (3)').waitFor();
    const expected = {
      'k8s-assistant': [
        'kagent Agent · kagent',
        'sandbox-eu',
        'kagent',
        'ai-platform',
        'from namespace annotation backstage.io/owner',
      ],
      'paper-scout': [
        'sandbox-us',
        'research-sandbox',
        'research-team',
        'from namespace label team',
      ],
      'scratch-agent': [
        'Deployment · labelled agentdeck.io/agent',
        'sandbox-eu',
        'experiments',
        'unowned',
        'the namespace names no owner',
      ],
    };
    for (const [name, texts] of Object.entries(expected)) {
      const row = unregisteredRow(name);
      const text = await row.innerText();
      for (const t of texts) expect(text).toContain(t);
      // its ready/desired and a cost in dollars
      expect(text).toMatch(/\b\d+\/\d+\b/);
      expect(text).toMatch(/\$\d+\.\d{2}/);
      expect(text).not.toMatch(/\bunknown\b/);
    }
    await screenshot(page, 'discovery-agents-page');

    // the totals per owner: an "unowned" row with its spend, and unregistered counts per owner
    const totals = page.getByRole('table', { name: 'totals per owner' });
    await totals.getByRole('columnheader', { name: 'Unregistered' }).waitFor();
    const unowned = totals.getByRole('row').filter({ hasText: /^unowned/ });
    const cells = await unowned.getByRole('cell').allInnerTexts();
    // owner, agents, unregistered, states, replicas, tokens, cost
    expect(cells.slice(0, 3)).toEqual(['unowned', '1', '1']);
    expect(cells[6]).toMatch(/^\$\d+\.\d{2,4}$/);
    expect(cells[6]).not.toBe('$0.00');
    const research = await totals
      .getByRole('row')
      .filter({ hasText: /^research-team/ })
      .getByRole('cell')
      .allInnerTexts();
    expect(Number(research[2])).toBeGreaterThanOrEqual(1);

    // the owner filter "unowned": only scratch-agent, no catalog agent
    await page.getByRole('button', { name: /^owner/ }).click();
    await page.getByRole('option', { name: 'unowned' }).click();
    await page.getByText('Unregistered agents (1)').waitFor();
    await page.getByText('Agents (0)').waitFor();
    await unregisteredRow('scratch-agent').waitFor();
    await screenshot(page, 'discovery-unowned-filter');
  }, 360000);

  it("shows a team the unregistered agents in namespaces that name it, on the team's page", async () => {
    await visit(page, '/catalog/default/group/research-team');
    const list = page.getByRole('table', {
      name: "unregistered agents in this group's namespaces",
    });
    await list.getByText('paper-scout').waitFor();
    await screenshot(page, 'discovery-group-research-team');
    const text = await list.innerText();
    expect(text).toContain('sandbox-us/research-sandbox');
    expect(text).toContain('namespace label team');
    expect(text).not.toContain('scratch-agent');
    expect(text).not.toContain('k8s-assistant');
    await list.getByRole('link', { name: 'Register paper-scout' }).waitFor();
  });

  it('registers scratch-agent in one step: it becomes a catalog Agent and leaves the unregistered list', async () => {
    await visit(page, '/agents');
    await page.getByRole('link', { name: 'Register scratch-agent' }).click();
    await page.waitForURL(/\/create\/templates\/default\/register-agent\?/);
    // prefilled from the unregistered agent; only the owner is left to choose
    const name = page.getByRole('textbox', { name: 'Name' }).first();
    await name.waitFor();
    expect(await name.inputValue()).toBe('scratch-agent');
    await page.getByRole('textbox', { name: 'Owner' }).first().click();
    await page
      .getByRole('option')
      // the picker shows the group's display name
      .filter({ hasText: 'Research' })
      .first()
      .click();
    await screenshot(page, 'discovery-register-form');
    await page.getByRole('button', { name: 'Next' }).click();
    const namespace = page.getByRole('textbox', { name: 'Namespace' }).first();
    await namespace.waitFor();
    expect(await namespace.inputValue()).toBe('experiments');
    expect(
      await page.getByRole('textbox', { name: 'Cluster' }).first().inputValue(),
    ).toBe('sandbox-eu');
    expect(
      await page
        .getByRole('textbox', { name: 'Label selector' })
        .first()
        .inputValue(),
    ).toBe('agentdeck.io/agent=scratch-agent');
    await page.getByRole('button', { name: 'Next' }).click();
    // a repository name of its own: published repositories outlive a demo
    const repo = page
      .getByRole('textbox', { name: /^Repository(\s*\*)?$/ })
      .first();
    await repo.waitFor();
    expect(await repo.inputValue()).toBe('scratch-agent');
    const repoName = `scratch-agent-${Date.now().toString(36)}`;
    await repo.fill(repoName);
    // the field takes what was typed when it loses focus
    await repo.press('Tab');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText(repoName).first().waitFor();
    await page.getByRole('button', { name: 'Create' }).click();
    await page
      .getByRole('link', { name: /open in catalog/i })
      .waitFor({ timeout: 120000 });
    await screenshot(page, 'discovery-register-done');

    // the catalog has it (it processes the new location within its interval)
    const entity = await poll(
      () => get('/api/catalog/entities/by-name/agent/default/scratch-agent'),
      Boolean,
      120000,
    );
    expect(entity?.spec).toMatchObject({
      owner: 'group:default/research-team',
      type: 'api',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-label-selector':
        'agentdeck.io/agent=scratch-agent',
      'backstage.io/kubernetes-namespace': 'experiments',
    });
    // the backend reads claims again with its usage summary (agents.overview.refreshSeconds)
    const after = await poll(
      overview,
      v =>
        !unregisteredNames(v).includes('scratch-agent') &&
        v.agents.some(a => a.name === 'scratch-agent'),
      180000,
    );
    expect(unregisteredNames(after)).toEqual(['k8s-assistant', 'paper-scout']);
    expect(after.agents.find(a => a.name === 'scratch-agent')).toMatchObject({
      owner: 'group:default/research-team',
      replicas: { desired: 1 },
    });

    await visit(page, '/agents');
    await page.getByText('Unregistered agents (2)').waitFor();
    await page
      .getByRole('table')
      .first()
      .getByRole('link', { name: 'scratch-agent' })
      .waitFor();
    expect(
      await page.getByRole('link', { name: 'Register scratch-agent' }).count(),
    ).toBe(0);
    await screenshot(page, 'discovery-after-register');

    // its page: the status finds its pods by the selector it was registered with
    await visit(page, '/catalog/default/agent/scratch-agent/agent');
    await page.getByText('Agent health').waitFor();
    await page.getByText('sandbox-eu').first().waitFor({ timeout: 120000 });
    await screenshot(page, 'discovery-registered-agent-page');
    const body = await page.locator('body').innerText();
    expect(body).toContain('research-team');
    expect(body).not.toMatch(/no workloads found/i);
  }, 600000);

  it("shows the A2A card's skills on a demo agent's Agent tab and Overview", async () => {
    await visit(page, '/catalog/default/agent/support-triage-agent/agent');
    const skills = page.getByText('Skills (2)');
    try {
      await skills.waitFor({ timeout: 120000 });
    } catch (e) {
      // what the page and the backend said instead
      await screenshot(page, 'discovery-a2a-agent-tab-failed');
      const card = await get(
        '/api/agents/entities/default/support-triage-agent/card',
      );
      throw new Error(`${e.message}\ncard: ${JSON.stringify(card)}`);
    }
    await page.getByText('Classify tickets').first().waitFor();
    await page.getByText('Propose answers').first().waitFor();
    await screenshot(page, 'discovery-a2a-agent-tab');
    // the Overview's card (entity-card:agents/a2a-card, enabled in app-config.yaml)
    await visit(page, '/catalog/default/agent/support-triage-agent');
    await page.getByText('Agent card (A2A)').first().waitFor();
    await page.getByText('Classify tickets').first().waitFor();
    await screenshot(page, 'discovery-a2a-overview');
  });
});
