// Template updates in the demo, as a platform team and an agent's owners use
// them: a template of their own (a copy of the HTTP API agent template among
// the demo's local templates, <state dir>/templates, which the catalog reads)
// creates an agent; the team
// edits the agent's repository; the platform team raises the template's
// version; the Agent tab says "update available" and "Propose update" runs the
// template with the recorded inputs, which leaves a branch in the agent's
// local repository with the new manifests and the team's edit.
const { execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parse, stringify } = require('yaml');
const { openBrowser, visit, screenshot } = require('./browser');
const { api, until, createHttpAgent } = require('./backend');

const reposDir =
  process.env.AGENTDECK_REPOS_DIR || path.join(os.tmpdir(), 'agentdeck-repos');
const templatesDir = path.resolve(__dirname, '../templates/agents');

// new names each run: repositories and catalog entries persist
const run = Date.now().toString(36);
const templateName = `agent-http-api-${run}`;
const agentName = `upd-${run}`;
const templateDir = path.join(
  process.env.AGENTDECK_TEMPLATES_DIR ||
    path.resolve(__dirname, '../.agentdeck/templates'),
  templateName,
);
const agentRepo = path.join(reposDir, 'checkouts', 'e2e', agentName);
const agentBare = path.join(reposDir, 'bare', 'e2e', `${agentName}.git`);

const git = (cwd, ...args) =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Support Team',
      '-c',
      'user.email=support@acme.test',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trim();

/** Writes the template copy at `version`; from the next version on, ingress timeouts of 900 s. */
function writeTemplate(version) {
  const file = path.join(templateDir, 'template.yaml');
  const doc = parse(
    readFileSync(path.join(templatesDir, 'agent-http-api.yaml'), 'utf8'),
  );
  doc.metadata.name = templateName;
  doc.metadata.title = `HTTP API agent (${run})`;
  const base = Number(
    doc.metadata.annotations['agentdeck.io/template-version'],
  );
  doc.metadata.annotations['agentdeck.io/template-version'] = String(version);
  if (version > base) {
    doc.metadata.annotations[
      'agentdeck.io/template-changelog'
    ] = `v${version}: Ingress proxy timeouts raised to 900 s for long tool calls.\n${doc.metadata.annotations['agentdeck.io/template-changelog']}`;
    const render = doc.spec.steps.find(s => s.id === 'manifests');
    render.input.spec.ingress.timeoutSeconds = 900;
  }
  writeFileSync(file, stringify(doc));
  return base;
}

describe('template updates', () => {
  let browser;
  let page;
  let v1;
  beforeAll(async () => {
    browser = await openBrowser();
    page = browser.page;
  });
  afterAll(() => browser?.close());

  it('proposes a newer template version as a branch of the agent repository, keeping the team edit', async () => {
    // the platform team's template, in a repository of its own
    mkdirSync(templateDir, { recursive: true });
    cpSync(
      path.join(templatesDir, 'skeleton'),
      path.join(templateDir, 'skeleton'),
      {
        recursive: true,
      },
    );
    v1 = writeTemplate(0);
    writeTemplate(v1);
    // the catalog reads the local templates' location again every processing interval
    await until('the template in the catalog', () =>
      api(
        'GET',
        `/api/catalog/entities/by-name/template/default/${templateName}`,
      ),
    );

    // an agent created from it, through the scaffolder's API
    const task = await createHttpAgent(
      `template:default/${templateName}`,
      agentName,
      { description: 'Answers questions about template updates' },
    );
    expect(task.status).toBe('completed');
    expect(git(agentBare, 'branch', '--list', 'agentdeck/*')).toContain(
      `agentdeck/template-v${v1}`,
    );

    // the team's edit, pushed to main
    const readme = path.join(agentRepo, 'README.md');
    writeFileSync(
      readme,
      readFileSync(readme, 'utf8').replace(
        `# ${agentName}`,
        `# ${agentName}\n\nOn call: #support-agents`,
      ),
    );
    git(agentRepo, 'commit', '-qam', 'On-call channel');
    git(agentRepo, 'push', '-q', agentBare, 'HEAD:main');

    // the platform team raises the version; the catalog reads it again
    writeTemplate(v1 + 1);
    await api('POST', '/api/catalog/refresh', {
      entityRef: `template:default/${templateName}`,
    });
    await until('the new version in the catalog', async () => {
      const t = await api(
        'GET',
        `/api/catalog/entities/by-name/template/default/${templateName}`,
      );
      return (
        t.metadata.annotations['agentdeck.io/template-version'] ===
        String(v1 + 1)
      );
    });

    // the Agent tab: update available, what changed, Propose update
    await until('the agent in the catalog', () =>
      api('GET', `/api/catalog/entities/by-name/agent/default/${agentName}`),
    );
    await visit(page, `/catalog/default/agent/${agentName}/agent`);
    const line = page.getByTestId('agent-template');
    await line.waitFor({ timeout: 120000 });
    await line
      .getByText(
        `Created from HTTP API agent (${run}) v${v1}; current v${v1 + 1}`,
      )
      .waitFor();
    await line.getByText(/Ingress proxy timeouts raised to 900 s/).waitFor();
    await screenshot(page, 'template-update-available');
    await line
      .getByRole('link', { name: `Propose update to v${v1 + 1}` })
      .click();

    // the template's form, filled with the recorded inputs: through to Review and Create
    await page.getByRole('textbox', { name: 'Name' }).first().waitFor();
    expect(
      await page.getByRole('textbox', { name: 'Name' }).first().inputValue(),
    ).toBe(agentName);
    for (let i = 0; i < 8; i++) {
      const review = page.getByRole('button', { name: 'Review' });
      if (await review.isVisible()) break;
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page
      .getByText('Update proposal')
      .first()
      .waitFor({ timeout: 120000 });
    await page
      .getByText(`Template update v${v1} → v${v1 + 1}.`)
      .first()
      .waitFor();
    await screenshot(page, 'template-update-proposed');

    // the branch in the agent's repository: the new manifests and the team's edit
    const branch = `agentdeck/update-v${v1 + 1}`;
    expect(git(agentBare, 'branch', '--list', branch)).toContain(branch);
    const ingress = git(
      agentBare,
      'show',
      `${branch}:deploy/base/ingress.yaml`,
    );
    expect(ingress).toContain(
      'nginx.ingress.kubernetes.io/proxy-read-timeout: "900"',
    );
    expect(git(agentBare, 'show', `${branch}:README.md`)).toContain(
      'On call: #support-agents',
    );
    expect(
      JSON.parse(git(agentBare, 'show', `${branch}:.agentdeck/template.json`))
        .version,
    ).toBe(v1 + 1);
    // main is untouched until the team merges the proposal
    expect(git(agentBare, 'show', 'main:deploy/base/ingress.yaml')).toContain(
      'nginx.ingress.kubernetes.io/proxy-read-timeout: "300"',
    );
  }, 600000);
});
