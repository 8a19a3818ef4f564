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
    const rows = await table.locator('tbody tr').allInnerTexts();
    const agents = rows.filter(r => /agent|reconciler|embedder|copilot|gateway|planner|orchestrator/.test(r));
    expect(agents.length).toBeGreaterThanOrEqual(8);
    const billing = rows.find(r => r.includes('billing-agent'));
    expect(billing).toMatch(/Billing|billing-team/);
    expect(billing).toMatch(/payments/);
    expect(billing).toMatch(/production/);
    expect(billing).toMatch(/\bapi\b/);
    const text = rows.join('\n');
    for (const type of ['worker', 'orchestrator', 'local-model']) {
      expect(text).toContain(type);
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
