const { openBrowser, visit, screenshot } = require('./browser');

// A new name each run: published repositories and catalog entries persist.
const name = `faq-${Date.now().toString(36)}`;

describe('creating an agent from the template gallery', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  const fill = (label, value) => page.getByRole('textbox', { name: label }).first().fill(value);
  const next = () => page.getByRole('button', { name: 'Next' }).click();

  it('offers the four agent templates', async () => {
    await visit(page, '/create');
    await page.getByText('HTTP API agent').first().waitFor();
    await screenshot(page, 'create-gallery');
    const body = await page.locator('body').innerText();
    for (const title of ['HTTP API agent', 'Queue worker agent', 'NATS JetStream worker agent', 'Local model agent']) {
      expect(body.toLowerCase()).toContain(title.toLowerCase());
    }
  });

  it('creates an HTTP API agent that appears in the catalog and runs in the sandbox', async () => {
    await visit(page, '/create/templates/default/agent-http-api');
    await fill('Name', name);
    await fill('Description', 'Answers frequently asked questions');
    await page.getByRole('textbox', { name: 'Owner' }).first().click();
    await page.getByRole('option').filter({ hasText: 'support' }).first().click();
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
    await page.getByRole('link', { name: /open in catalog/i }).waitFor({ timeout: 120000 });
    await screenshot(page, 'create-task-done');
    const log = await page.locator('body').innerText();
    expect(log).toMatch(/Rendered \d+ manifest files/);
    expect(log).toMatch(/Applying \d+ objects to sandbox-eu\/support-agents/);

    await page.getByRole('link', { name: /open in catalog/i }).click();
    // the catalog may still be processing the new entity: reload until its page is there
    const agentTab = page.locator('a').filter({ hasText: /^Agent$/ }).first();
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
  });
});
