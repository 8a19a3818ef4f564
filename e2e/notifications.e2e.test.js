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
    const notice = page.getByRole('link', { name: 'summarizer-agent is down' });
    const deadline = Date.now() + NOTICE_WITHIN_MS;
    // visit again rather than reload: a reload can land on the sign-in page
    for (;;) {
      await visit(page, '/notifications');
      try {
        await notice.first().waitFor({ timeout: 15000 });
        break;
      } catch (e) {
        if (Date.now() > deadline)
          throw new Error(
            `no notification about summarizer-agent: ${e.message}`,
          );
      }
    }
    await screenshot(page, 'notifications-summarizer-down');
    const body = await page.locator('body').innerText();
    expect(body).toMatch(
      /For more than 1 minute: 1 of 1 pods not ready, 1 in CrashLoopBackOff\./,
    );
    expect(body).toContain('Agent health');
    // one notification per incident, however many checks ran since
    expect(await notice.count()).toBe(1);
    for (const leak of ['secretKeyRef', 'OPENAI_API_KEY', '-secrets'])
      expect(body).not.toContain(leak);

    await notice.first().click();
    await page.waitForURL(
      /\/catalog\/default\/agent\/summarizer-agent\/agent$/,
    );
    await page
      .getByText(/CrashLoopBackOff/)
      .first()
      .waitFor();
  });
});
