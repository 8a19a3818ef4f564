// A fresh Backstage app from @backstage/create-app, on the release this
// repository is on (backstage.json), installs AgentDeck by README.md's
// "Installing into an existing Backstage" — the commands, package.json entries
// and backend lines are read from that section — and shows an Agent page in
// Chromium. It needs no demo stack: it runs its own sandbox cluster and serves
// the built app from its own backend on a free port. The commands it ran and
// how long each took go to test-results/create-app.log.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const semver = require('semver');
const {
  freePort,
  localBackendConfig,
  signalGroup,
  startGroup,
} = require('./processes');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli');
// The newest create-app in the registry; its template is Backstage 1.55.0
// (0.9.0 made 1.53.0 apps, 0.9.1 1.54.0). The registry has not the one
// released with 1.57.0, so the app is made by this one and brought to the
// release with `backstage-cli versions:bump`, given the release's versions as
// this repository resolved them (versions.backstage.io is out of reach).
const CREATE_APP = '@backstage/create-app@0.9.2';
const logFile = path.join(root, 'test-results', 'create-app.log');
const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
const sleep = ms => new Promise(r => setTimeout(r, ms));

function log(line) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.appendFileSync(logFile, `${line}\n`);
}

/** README.md's "Installing into an existing Backstage" section. */
function readmeSection() {
  const md = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = md.indexOf('\n## Installing into an existing Backstage\n');
  expect(start).toBeGreaterThan(0);
  return md.slice(start, md.indexOf('\n## ', start + 5));
}

function codeBlock(section, lang, mustContain) {
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)]
    .filter(m => m[1] === lang && m[2].includes(mustContain))
    .map(m => m[2]);
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

/** The README's jsonc block: `// <file>` then the fields to add to that file. */
function packageJsonEntries(section) {
  const block = codeBlock(section, 'jsonc', 'file:');
  const byFile = {};
  for (const part of block.split(/^\/\/ /m).filter(p => p.trim())) {
    const newline = part.indexOf('\n');
    byFile[part.slice(0, newline).trim()] = JSON.parse(
      `{${part.slice(newline + 1)}}`,
    );
  }
  return byFile;
}

/** The versions of Backstage's packages in this repository's lockfile, as a release manifest. */
function releaseManifest() {
  const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
  const best = new Map();
  for (const m of lock.matchAll(
    /^"(@backstage\/[^@"]+)@[^\n]*npm:[^\n]*\n {2}version: ([^\n]+)/gm,
  )) {
    if (!best.has(m[1]) || semver.gt(m[2], best.get(m[1])))
      best.set(m[1], m[2]);
  }
  return {
    releaseVersion: readJson(path.join(root, 'backstage.json')).version,
    packages: [...best].map(([name, version]) => ({ name, version })),
  };
}

describe('a fresh Backstage app from @backstage/create-app', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentdeck-create-app-'));
  const packsDir = path.join(tmp, 'packs');
  const appDir = path.join(tmp, 'app');
  const binDir = path.join(tmp, 'bin');
  const children = [];
  const timings = {};
  const manifest = releaseManifest();
  let section;
  let browser;

  // The environment of every command: Node 22 and a `yarn` (create-app checks
  // for one) first on PATH; no NODE_ENV=test from jest; installs may write the
  // lockfile although CI=true.
  const env = { ...process.env };
  delete env.NODE_ENV;
  delete env.JEST_WORKER_ID;
  Object.assign(env, {
    PATH: [binDir, path.dirname(process.execPath), process.env.PATH].join(
      path.delimiter,
    ),
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: 'false',
  });

  function start(name, cmd, args, opts = {}) {
    const child = startGroup(cmd, args, {
      cwd: opts.cwd ?? root,
      env: { ...env, ...opts.env },
      logFile: path.join(tmp, `${name}.log`),
    });
    children.push(child);
    return child;
  }

  /** Runs a command to its end; resolves with its output, rejects with its tail. */
  async function run(step, cmd, args, opts = {}) {
    const started = Date.now();
    const child = start(step, cmd, args, opts);
    const timer = setTimeout(
      () => signalGroup(child, 'SIGKILL'),
      opts.timeoutMs ?? 300000,
    );
    const code = await new Promise(resolve => {
      child.once('error', () => resolve('error'));
      child.once('exit', (c, signal) => resolve(c ?? signal));
    });
    clearTimeout(timer);
    timings[step] = (Date.now() - started) / 1000;
    const output = fs.readFileSync(path.join(tmp, `${step}.log`), 'utf8');
    log(
      `${step}: ${[cmd, ...args].join(' ')} (in ${
        opts.cwd ?? root
      }) -> ${code} after ${timings[step].toFixed(1)} s`,
    );
    if (code !== 0) {
      log(output);
      throw new Error(`${step} exited with ${code}:\n${output.slice(-4000)}`);
    }
    return output;
  }

  beforeAll(() => {
    fs.rmSync(logFile, { force: true });
    log(`# ${new Date().toISOString()} in ${tmp}`);
    section = readmeSection();
    fs.mkdirSync(binDir);
    const { yarnPath } = /^yarnPath: (?<yarnPath>.+)$/m.exec(
      fs.readFileSync(path.join(root, '.yarnrc.yml'), 'utf8'),
    ).groups;
    fs.writeFileSync(
      path.join(binDir, 'yarn'),
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(
        root,
        yarnPath,
      )}" "$@"\n`,
      { mode: 0o755 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(children.map(c => signalGroup(c, 'SIGTERM', 8000)));
    log(`timings (s): ${JSON.stringify(timings)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 120000);

  it('gets the tarballs the README names, each with dist/ and publishConfig applied', async () => {
    const packCommand = codeBlock(section, 'sh', 'scripts/pack.mjs');
    const readmePacks = /node scripts\/pack\.mjs (\S+)/.exec(packCommand)[1];
    await run('pack', process.execPath, ['scripts/pack.mjs', packsDir], {
      timeoutMs: 300000,
    });

    const named = Object.values(packageJsonEntries(section)).flatMap(fields =>
      Object.values(fields).flatMap(Object.values),
    );
    expect(named).toHaveLength(6);
    for (const ref of named) {
      expect(ref.startsWith(`file:${readmePacks}/`)).toBe(true);
      const tarball = path.join(packsDir, path.basename(ref));
      const dir = path.join(tmp, 'unpacked', path.basename(ref, '.tgz'));
      fs.mkdirSync(dir, { recursive: true });
      await run('unpack', 'tar', ['-xzf', tarball, '-C', dir]);
      const pkgDir = path.join(dir, 'package');
      const pkg = readJson(path.join(pkgDir, 'package.json'));
      const has = file => fs.existsSync(path.join(pkgDir, file));
      expect(JSON.stringify(pkg)).not.toMatch(/workspace:/);
      expect([pkg.name, has(pkg.main), has(pkg.types)]).toEqual([
        pkg.name,
        true,
        true,
      ]);
      expect(pkg.main).toMatch(/^\.?\/?dist\//);
      for (const [entry, target] of Object.entries(pkg.exports ?? {})) {
        const files = typeof target === 'string' ? [target] : target;
        for (const [key, file] of Object.entries(files)) {
          if (key === 'backstage') continue;
          expect([pkg.name, entry, file, has(file)]).toEqual([
            pkg.name,
            entry,
            file,
            true,
          ]);
        }
      }
      if (pkg.configSchema) expect(has(pkg.configSchema)).toBe(true);
      const role = pkg.backstage.role;
      if (role.startsWith('backend-plugin')) {
        expect(pkg.backstage.features).toEqual({
          '.': '@backstage/BackendFeature',
        });
      }
      if (role === 'frontend-plugin') {
        expect(pkg.backstage.features).toEqual({
          './alpha': '@backstage/FrontendPlugin',
        });
      }
    }
  }, 360000);

  it('is made by create-app, bumped to the release, and installs AgentDeck by the README', async () => {
    expect(fs.existsSync(packsDir)).toBe(true);
    // create-app fetches a yarn.lock seed from GitHub, which is out of reach
    // (it goes on without one): fail that fetch here instead of on the network.
    const offline = path.join(tmp, 'offline.cjs');
    fs.writeFileSync(
      offline,
      'globalThis.fetch = async () => { throw new Error("offline"); };\n',
    );
    await run(
      'create-app',
      'npx',
      ['--yes', CREATE_APP, '--skip-install', '--path', appDir],
      {
        cwd: tmp,
        env: {
          BACKSTAGE_APP_NAME: 'agentdeck-fresh',
          NODE_OPTIONS: `--require ${offline}`,
        },
      },
    );
    const manifestFile = path.join(tmp, 'manifest.json');
    writeJson(manifestFile, manifest);
    await run(
      'versions-bump',
      process.execPath,
      [cli, 'versions:bump', '--skip-install', '--skip-migrate'],
      { cwd: appDir, env: { BACKSTAGE_MANIFEST_FILE: manifestFile } },
    );
    expect(readJson(path.join(appDir, 'backstage.json')).version).toBe(
      manifest.releaseVersion,
    );

    // The registry lacks some newest versions; this repository pins them.
    const appPkg = readJson(path.join(appDir, 'package.json'));
    const { resolutions } = readJson(path.join(root, 'package.json'));
    for (const [name, range] of Object.entries(resolutions)) {
      if (!/^(@[^/]+\/)?[^/@]+$/.test(name)) continue; // per-package pins are the repo's own
      appPkg.resolutions[name] ??= range;
    }
    writeJson(path.join(appDir, 'package.json'), appPkg);

    // The README: package.json entries ...
    const readmePacks = /node scripts\/pack\.mjs (\S+)/.exec(
      codeBlock(section, 'sh', 'scripts/pack.mjs'),
    )[1];
    for (const [file, fields] of Object.entries(packageJsonEntries(section))) {
      const target = path.join(appDir, file);
      const pkg = readJson(target);
      for (const [field, entries] of Object.entries(fields)) {
        pkg[field] ??= {};
        for (const [name, ref] of Object.entries(entries)) {
          pkg[field][name] = ref.replace(readmePacks, packsDir);
        }
      }
      writeJson(target, pkg);
    }
    // ... the backend's lines ...
    const lines = codeBlock(section, 'ts', 'backend.add')
      .split('\n')
      .filter(l => l.startsWith('backend.add('));
    expect(lines).toHaveLength(3);
    const indexTs = path.join(appDir, 'packages/backend/src/index.ts');
    const source = fs.readFileSync(indexTs, 'utf8');
    expect(source).toContain('\nbackend.start();');
    fs.writeFileSync(
      indexTs,
      source.replace(
        '\nbackend.start();',
        `\n${lines.join('\n')}\n\nbackend.start();`,
      ),
    );
    // ... the kind allowed by the catalog's rules ...
    expect(section).toContain('`catalog.rules: - allow: [..., Agent]`');
    const configFile = path.join(appDir, 'app-config.yaml');
    const config = fs.readFileSync(configFile, 'utf8');
    const allowed = config.replace(
      /(\ncatalog:[\s\S]*?\n {2}rules:\n {4}- allow: \[)([^\]]*)\]/,
      '$1$2, Agent]',
    );
    expect(allowed).not.toBe(config);
    fs.writeFileSync(configFile, allowed);
    // ... and nothing for the frontend: create-app's app discovers plugins.
    expect(section).toContain('`app.packages: all`, as create-app writes it');
    expect(config).toMatch(/\n {2}packages: all\n/);

    await run('yarn-install', 'yarn', ['install'], {
      cwd: appDir,
      timeoutMs: 480000,
    });

    const installed = name =>
      readJson(path.join(appDir, 'node_modules', name, 'package.json')).version;
    const release = new Map(manifest.packages.map(p => [p.name, p.version]));
    for (const name of [
      '@backstage/backend-defaults',
      '@backstage/frontend-plugin-api',
      '@backstage/plugin-catalog-react',
      '@backstage/plugin-catalog-node',
    ]) {
      expect([name, installed(name)]).toEqual([name, release.get(name)]);
    }
    for (const name of [
      '@agentdeck/plugin-agents',
      '@agentdeck/plugin-agents-backend',
      '@agentdeck/plugin-agents-common',
      '@agentdeck/plugin-agents-node',
    ]) {
      expect(installed(name)).toBe('0.1.0');
    }
  }, 600000);

  it('serves an Agent page whose Agent tab shows the agent from the cluster', async () => {
    expect(fs.existsSync(path.join(appDir, 'node_modules'))).toBe(true);
    await run('app-build', 'yarn', ['workspace', 'app', 'build'], {
      cwd: appDir,
    });

    const stateFile = path.join(tmp, 'sandbox.json');
    const sandbox = start('sandbox', process.execPath, [
      'examples/sandbox-cluster/bin/sandbox-cluster',
      '--scenario',
      'small',
      '--state-file',
      stateFile,
    ]);
    const deadline = Date.now() + 60000;
    while (!fs.existsSync(stateFile)) {
      expect(sandbox.exitCode).toBeNull();
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(300);
    }
    const [cluster] = readJson(stateFile).clusters;

    // one agent from the example catalog, and the sandbox as the app's cluster
    const agentFile = path.join(tmp, 'agent.yaml');
    const [agentYaml] = fs
      .readFileSync(path.join(root, 'examples/catalog/agents.yaml'), 'utf8')
      .split(/^---$/m);
    expect(agentYaml).toMatch(/\n {2}name: billing-agent\n/);
    fs.writeFileSync(agentFile, agentYaml);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    fs.writeFileSync(
      path.join(appDir, 'app-config.e2e.yaml'),
      [
        ...localBackendConfig(port),
        'catalog:',
        `  locations: [{ type: file, target: '${agentFile}' }]`,
        'kubernetes:',
        '  serviceLocatorMethod: { type: multiTenant }',
        '  clusterLocatorMethods:',
        '    - type: config',
        '      clusters:',
        `        - name: ${cluster.name}`,
        `          url: ${cluster.url}`,
        '          authProvider: serviceAccount',
        `          serviceAccountToken: ${cluster.readerToken}`,
        `          caData: ${cluster.caData}`,
        '          skipMetricsLookup: true',
        '',
      ].join('\n'),
    );

    const started = Date.now();
    const backend = start(
      'backend',
      'yarn',
      [
        'workspace',
        'backend',
        'start',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.e2e.yaml',
      ],
      { cwd: appDir },
    );
    const backendLog = () =>
      fs.readFileSync(path.join(tmp, 'backend.log'), 'utf8').slice(-4000);
    for (;;) {
      if (backend.exitCode !== null) {
        throw new Error(`the backend exited:\n${backendLog()}`);
      }
      if (Date.now() - started > 240000) {
        throw new Error(`the backend is not ready:\n${backendLog()}`);
      }
      const ready = await fetch(`${url}/.backstage/health/v1/readiness`).then(
        r => r.ok,
        () => false,
      );
      if (ready) break;
      await sleep(1000);
    }
    timings['backend-start'] = (Date.now() - started) / 1000;
    log(`backend ready at ${url} after ${timings['backend-start']} s`);

    // the backend has the agent and reads it from the cluster
    const signIn = await fetch(`${url}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(signIn.status).toBe(200);
    const auth = {
      authorization: `Bearer ${(await signIn.json()).backstageIdentity.token}`,
    };
    let status;
    for (const until = Date.now() + 120000; ; await sleep(2000)) {
      const res = await fetch(
        `${url}/api/agents/entities/default/billing-agent/status`,
        { headers: auth },
      );
      status = res.ok ? await res.json() : { status: res.status };
      if (
        status.clusters?.some(
          c => c.cluster === cluster.name && !c.error && c.pods.length > 0,
        )
      )
        break;
      if (Date.now() > until) {
        throw new Error(`no status: ${JSON.stringify(status)}`);
      }
    }

    const previous = process.env.AGENTDECK_APP_URL;
    let visit;
    let screenshot;
    process.env.AGENTDECK_APP_URL = url;
    try {
      jest.isolateModules(() => {
        const b = require('./browser');
        visit = b.visit;
        screenshot = b.screenshot;
        browser = b.openBrowser();
      });
    } finally {
      if (previous === undefined) delete process.env.AGENTDECK_APP_URL;
      else process.env.AGENTDECK_APP_URL = previous;
    }
    browser = await browser;
    const { page } = browser;
    await visit(page, '/catalog/default/agent/billing-agent');
    // the Agents page is in the sidebar: the plugin was discovered
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Agents' })
      .waitFor();
    await page.getByRole('link', { name: 'Agent', exact: true }).click();
    await page.getByText('Agent health').first().waitFor();
    await page.getByRole('table', { name: 'clusters' }).waitFor();
    await page.getByText(cluster.name).first().waitFor();
    await screenshot(page, 'create-app-agent-tab');
    expect(page.url()).toBe(`${url}/catalog/default/agent/billing-agent/agent`);
    const table = await page
      .getByRole('table', { name: 'clusters' })
      .innerText();
    expect(table).toMatch(new RegExp(`${cluster.name}\\s+\\d+/\\d+`));
    const body = await page.locator('body').innerText();
    for (const card of ['Agent health', 'LLM usage', 'Readiness', 'Scaling']) {
      expect(body).toContain(card);
    }
  }, 420000);
});
