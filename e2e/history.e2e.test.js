// A fresh demo already has a past: the sandbox fleet's last week of replica
// samples, rescales and token usage (examples/backend/src/demoHistory.ts).
// Also takes the README's screenshots: the Agents page and an Agent tab at
// 1280 px, light and dark (test-results/screenshots/, copied to docs/screenshots/).
const { openBrowser, visit, screenshot } = require('./browser');

const WIDTH = 1280;

/** Waits until the locator matches at least `min` elements; returns how many. */
async function atLeast(locator, min, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const n = await locator.count();
    if (n >= min || Date.now() > deadline) return n;
    await new Promise(r => setTimeout(r, 500));
  }
}

async function chooseWindow(page, group, window) {
  const button = page
    .getByRole('group', { name: group })
    .getByRole('button', { name: window, exact: true });
  await button.click();
  await page
    .locator(
      `[aria-label="${group}"] button[aria-label="${window}"][aria-pressed="true"]`,
    )
    .waitFor();
}

/** A whole-page screenshot with the window as tall as the page, so the fixed sidebar runs its length. */
async function pageShot(page, name) {
  const height = await page.evaluate(
    () => document.documentElement.scrollHeight,
  );
  await page.setViewportSize({ width: WIDTH, height });
  await page.waitForTimeout(500); // the charts measure their new width
  await screenshot(page, name);
  await page.setViewportSize({ width: WIDTH, height: 900 });
}

async function useTheme(page, theme) {
  await page.evaluate(t => window.localStorage.setItem('theme', t), theme);
}

describe('a fresh demo has a past', () => {
  let browser;
  let page;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
    await page.setViewportSize({ width: WIDTH, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("charts billing-agent's last 7 days: the daily rescales in each cluster and a week of spend, values on hover", async () => {
    await visit(page, '/catalog/default/agent/billing-agent/agent');
    await page.getByText('Replicas over time').waitFor();
    await chooseWindow(page, 'history window', '7d');
    for (const cluster of ['sandbox-eu', 'sandbox-us']) {
      const chart = page.getByRole('figure', {
        name: `Replicas of HorizontalPodAutoscaler/billing-agent in ${cluster}`,
      });
      await chart.waitFor();
      // a week of daily waves: markers on several days, the samples from the window's start
      expect(
        await atLeast(chart.getByTestId('rescale-marker'), 7),
      ).toBeGreaterThanOrEqual(7);
      expect(await chart.textContent()).not.toMatch(/no data before/);
    }
    const eu = page.getByRole('figure', {
      name: 'Replicas of HorizontalPodAutoscaler/billing-agent in sandbox-eu',
    });
    await eu.getByTestId('rescale-marker').nth(2).hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(
      /\d+ → \d+ SuccessfulRescale: New size: \d+; reason: /,
    );

    await chooseWindow(page, 'usage window', '7d');
    const usage = page.getByRole('figure', { name: 'token usage over time' });
    // 6-hour steps over 7 days: 28 points a line, every one measured
    const dots = usage.locator('.recharts-line-dots').first().locator('circle');
    expect(await atLeast(dots, 28)).toBe(28);
    expect(await usage.textContent()).not.toMatch(/no data before/);
    const box = await usage.locator('.recharts-wrapper > svg').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // the hovered step: its time, tokens in and out, and cost
    await usage.getByText(/^[\d.]+[kMB]? tokens in$/).waitFor();
    await usage.getByText(/^[\d.]+[kMB]? tokens out$/).waitFor();
    await usage.getByText(/^\$[\d,.]+$/).waitFor();
    const body = await page.locator('body').innerText();
    // the week's spend on gpt-4o-mini: dollars, not thousands
    const week =
      /openai\/gpt-4o-mini\s+[\d.,]+[kM]?\s+[\d.,]+[kM]?\s+\$([\d,.]+)/.exec(
        body,
      );
    expect(week).not.toBeNull();
    const usd = Number(week[1].replace(/,/g, ''));
    expect(usd).toBeGreaterThan(10);
    expect(usd).toBeLessThan(200);
  });

  it('shows one agent over its budget and one close to it', async () => {
    await visit(page, '/catalog/default/agent/support-triage-agent/agent');
    await page.getByText('Monthly budget').waitFor({ timeout: 150000 });
    await page.getByText(/, over budget$/).waitFor();
    const over = await page
      .getByText(/spent this month; projected/)
      .innerText();
    expect(over).toMatch(/of \$600\.00 spent this month/);

    await visit(page, '/catalog/default/agent/invoice-reconciler/agent');
    await page.getByText('Monthly budget').waitFor({ timeout: 150000 });
    const close = await page
      .getByText(/spent this month; projected/)
      .innerText();
    const percent = Number(/\((\d+)% of budget\)/.exec(close)[1]);
    expect(percent).toBeGreaterThanOrEqual(80);
    expect(percent).toBeLessThanOrEqual(100);
    expect(close).not.toMatch(/over budget/);
  });

  it.each(['light', 'dark'])(
    'takes the screenshots of the Agents page and an Agent tab (%s)',
    async theme => {
      await visit(page, '/agents');
      await useTheme(page, theme);
      await visit(page, '/agents');
      await page
        .getByRole('table')
        .first()
        .getByRole('link', { name: 'billing-agent', exact: true })
        .waitFor();
      await page.getByText('Totals per owner').waitFor();
      // nothing wider than the window: no horizontal scrolling
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await pageShot(page, `agents-page-${theme}`);

      await visit(page, '/catalog/default/agent/billing-agent/agent');
      await page.getByText('Replicas over time').waitFor();
      await chooseWindow(page, 'history window', '7d');
      await chooseWindow(page, 'usage window', '7d');
      await page.getByText('Monthly budget').waitFor({ timeout: 150000 });
      await atLeast(page.getByTestId('rescale-marker'), 7);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await pageShot(page, `agent-tab-${theme}`);
    },
  );
});
