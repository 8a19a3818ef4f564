const { openBrowser, visit, screenshot } = require('./browser');

const control = process.env.AGENTDECK_SANDBOX_CONTROL_URL;

async function setDependency(agent, check, ok) {
  const res = await fetch(`${control}/clusters/sandbox-eu/dependency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      agent,
      check,
      ok,
      error: ok ? undefined : 'error: connection refused (qdrant:6333)',
    }),
  });
  expect(res.status).toBe(200);
}

describe('the agent pages', () => {
  let browser;
  let page;
  beforeAll(async () => {
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:/);
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await setDependency('support-triage-agent', 'vector_store', true);
    await browser?.close();
  });

  it('finds an unhealthy agent from the Agents page and shows why in two clicks', async () => {
    await visit(page, '/agents');
    const table = page.getByRole('table').first();
    await table.getByText('summarizer-agent').waitFor();
    await screenshot(page, 'agents-page');
    const text = await page.locator('body').innerText();
    for (const owner of [
      'billing-team',
      'support-team',
      'research-team',
      'ai-platform',
    ]) {
      expect(text).toContain(owner);
    }
    expect(text).toMatch(/Totals per owner/);

    // click 1: only what is down
    await page.getByRole('button', { name: /state/ }).click();
    await page.getByRole('option', { name: 'down' }).click();
    await page.getByText('Agents (1)').waitFor();
    // click 2: the agent
    await page.getByRole('link', { name: 'summarizer-agent' }).first().click();
    await page.getByText('Agent health').waitFor();
    await page
      .getByText(/CrashLoopBackOff/)
      .first()
      .waitFor();
    await screenshot(page, 'agent-down-summarizer');
    expect(page.url()).toMatch(
      /\/catalog\/default\/agent\/summarizer-agent\/agent$/,
    );
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/down/);
    expect(body).toMatch(/restarts/);
  });

  it('shows which check fails when a dependency goes down', async () => {
    await setDependency('support-triage-agent', 'vector_store', false);
    await visit(page, '/catalog/default/agent/support-triage-agent/agent');
    await page.getByText('Readiness').first().waitFor();
    await page
      .getByText(/pods? unready because vector_store/)
      .first()
      .waitFor({ timeout: 120000 });
    await screenshot(page, 'agent-readiness-vector-store-down');
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/degraded|down/);
    expect(body).toMatch(/vector_store/);
  });

  it('shows the autoscaler, the replica chart and the usage with budget', async () => {
    await visit(page, '/catalog/default/agent/billing-agent/agent');
    await page.getByText('Replicas over time').waitFor();
    await page.getByText('Monthly budget').waitFor();
    // usage from the pods' /metrics starts at the sampler's second look; the card refreshes itself
    await page
      .getByText('openai/gpt-4o-mini')
      .first()
      .waitFor({ timeout: 150000 });
    await screenshot(page, 'agent-billing-scaling-usage');
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/HPA ai-agents\/billing-agent/);
    expect(body).toMatch(/agent_active_requests: [\d.]+ \/ 8/);
    expect(body).toMatch(/openai\/gpt-4o-mini/);
    expect(body).toMatch(/of \$500\.00 spent this month/);
    // one replica chart per cluster, titled with its name, on a time axis; hovering shows the counts
    const replicas = page.getByRole('figure', {
      name: /^Replicas of .* in sandbox-eu$/,
    });
    expect(await replicas.textContent()).toMatch(/sandbox-eu[\s\S]*\d\d:\d\d/);
    await replicas.locator('svg').first().hover();
    await replicas.getByText(/^\d+ current, \d+ desired$/).waitFor();
    const usage = page.getByRole('figure', { name: 'token usage over time' });
    expect(await usage.textContent()).toMatch(/\d\d:\d\d/);
  });

  it("shows a group's agents and their rollup on the group page", async () => {
    await visit(page, '/catalog/default/group/support-team');
    await page.getByText('support-triage-agent').first().waitFor();
    await screenshot(page, 'group-support-team');
    const body = await page.locator('body').innerText();
    expect(body).toContain('summarizer-agent');
    expect(body).not.toContain('billing-agent');
  });
});
