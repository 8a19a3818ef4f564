// Drives Debian's Chromium with playwright-core; screenshots are kept as
// test artifacts under test-results/screenshots/.
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const appUrl = process.env.AGENTDECK_APP_URL || 'http://localhost:3000';
const shots = path.resolve(__dirname, '../test-results/screenshots');

async function openBrowser() {
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'agentdeck-chromium-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60000);
  return {
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a path of the app, signing in as guest when the sign-in page shows. */
async function visit(page, route) {
  // One retry: a dev backend that restarts (or a first slow bundle) can drop a sign-in.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`${appUrl}${route}`);
      const enter = page.getByRole('button', { name: 'Enter' });
      const nav = page.getByRole('navigation', { name: 'sidebar nav' });
      await Promise.race([enter.waitFor(), nav.waitFor({ state: 'attached' })]);
      if (await enter.isVisible()) {
        await enter.click();
        await nav.waitFor({ state: 'attached', timeout: 30000 });
      }
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

async function screenshot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({
    path: path.join(shots, `${name}.png`),
    fullPage: true,
  });
}

module.exports = { openBrowser, visit, screenshot, appUrl };
