const { openBrowser, visit, screenshot } = require('./browser');

// The demo tells an owner once an agent has been down for a minute, checking every 15 s
// (app-config.yaml, agents.notifications); the backend may have started just before this suite.
const NOTICE_WITHIN_MS = 170000;

describe("an agent's owners are told", () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  it("shows the crash-looping agent's notification to its team, linking to its Agent tab", async () => {
    // the guest is a member of support-team, which owns summarizer-agent
    await visit(page, '/notifications');
    const notice = page.getByRole('link', { name: 'summarizer-agent is down' });
    const deadline = Date.now() + NOTICE_WITHIN_MS;
    while (!(await notice.first().isVisible())) {
      if (Date.now() > deadline)
        throw new Error(
          'no notification about summarizer-agent on the Notifications page',
        );
      await page.waitForTimeout(5000);
      await page.reload();
      await page
        .getByText(/notifications/i)
        .first()
        .waitFor();
    }
    await screenshot(page, 'notifications-summarizer-down');
    const body = await page.locator('main').innerText();
    expect(body).toMatch(
      /For more than 1 minute: 1 of 1 pods not ready, 1 in CrashLoopBackOff\./,
    );
    expect(body).toContain('Agent health');
    // one notification per incident, however many checks ran since
    expect(await notice.count()).toBe(1);
    for (const leak of ['secretKeyRef', 'OPENAI_API_KEY', '-secrets'])
      expect(body).not.toContain(leak);

    await notice.first().click();
    await page.getByText('Agent health').waitFor();
    expect(page.url()).toMatch(
      /\/catalog\/default\/agent\/summarizer-agent\/agent$/,
    );
  });
});
