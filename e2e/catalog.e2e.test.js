const { openBrowser, visit, screenshot } = require('./browser');

describe('the Agent kind in the catalog', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  it('lists agents of every type with owner, type, lifecycle and system', async () => {
    await visit(page, '/catalog?filters[kind]=agent&filters[user]=all');
    const table = page.getByRole('table');
    await table.getByText('billing-agent', { exact: true }).waitFor();
    await screenshot(page, 'catalog-agents');
    // cells by column header, so a value is checked in its own column
    // first line only: an active sort label adds hidden text below the title
    const headers = (await table.locator('thead th').allInnerTexts()).map(h =>
      h.trim().split('\n')[0].toLowerCase(),
    );
    const column = name => {
      const i = headers.indexOf(name);
      if (i < 0)
        throw new Error(`no "${name}" column in ${JSON.stringify(headers)}`);
      return i;
    };
    const rows = await table
      .locator('tbody tr')
      .evaluateAll(trs =>
        trs.map(tr =>
          Array.from(tr.querySelectorAll('td'), td => td.innerText.trim()),
        ),
      );
    const [name, owner, type, lifecycle, system] = [
      'name',
      'owner',
      'type',
      'lifecycle',
      'system',
    ].map(column);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const billing = rows.find(r => r[name] === 'billing-agent');
    // the owner column shows the group's display name
    expect(billing[owner]).toBe('Billing');
    expect(billing[system]).toMatch(/payments/);
    expect(billing[lifecycle]).toBe('production');
    expect(billing[type]).toBe('api');
    const types = new Set(rows.map(r => r[type]));
    for (const t of ['api', 'worker', 'orchestrator', 'local-model']) {
      expect(types).toContain(t);
    }
  });

  it("shows a group's agents on its page", async () => {
    await visit(page, '/catalog/default/group/billing-team');
    await page.getByText('invoice-reconciler').first().waitFor();
    await screenshot(page, 'group-billing-team');
    const body = await page.locator('main').innerText();
    expect(body).toContain('billing-agent');
    expect(body).toContain('invoice-reconciler');
    expect(body).not.toContain('support-triage-agent');
  });

  it("shows an agent's relations in the catalog graph", async () => {
    await visit(page, '/catalog/default/agent/billing-agent');
    await page.getByText('Relations').first().waitFor();
    const graph = page.locator('svg').filter({ hasText: 'billing-db' });
    await graph.first().waitFor();
    await screenshot(page, 'agent-billing-agent-overview');
    const labels = await graph.first().textContent();
    expect(labels).toContain('billing-team');
    expect(labels).toContain('payments');
    expect(labels).toContain('billing-db');
  });
});
