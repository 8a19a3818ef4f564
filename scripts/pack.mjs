// node scripts/pack.mjs <out-dir>: packs AgentDeck's publishable packages
// (plugins/*) into <out-dir>/<name>-<version>.tgz as `yarn pack` would publish
// them: built dist/ with type declarations, `backstage-cli package prepack`
// applied (publishConfig, exports pointing at dist/, detected features, the
// compiled config schema) and `workspace:` ranges replaced by versions.
// The source tree is not modified: the packages' package.json files are
// rewritten in a copy (`backstage-cli build-workspace`), not in place.
// README.md ("Installing into an existing Backstage") tells adopters to use it.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli');

function run(cmd, args, cwd) {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(
      `${[cmd, ...args].join(' ')} (in ${cwd}) failed with ${
        res.status ?? res.signal
      }:\n${res.stdout}${res.stderr}`,
    );
  }
  return res.stdout;
}

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

/** Every workspace package (plugins/*, examples/*), as { dir, name, version, private }. */
function workspaces() {
  return ['plugins', 'examples'].flatMap(parent =>
    readdirSync(path.join(root, parent))
      .map(d => path.join(root, parent, d))
      .filter(dir => existsSync(path.join(dir, 'package.json')))
      .map(dir => {
        const {
          name,
          version,
          private: isPrivate,
        } = readJson(path.join(dir, 'package.json'));
        return { dir, name, version, isPrivate: Boolean(isPrivate) };
      }),
  );
}

// `yarn pack` semantics: workspace:^ -> ^1.2.3, workspace:~ -> ~1.2.3,
// workspace:* -> 1.2.3, workspace:<range> -> <range>.
function replaceWorkspaceRanges(pkg, versions) {
  for (const field of [
    'dependencies',
    'devDependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const spec = range.slice('workspace:'.length);
      const version = versions.get(dep);
      if (!version) throw new Error(`${pkg.name}: no workspace ${dep}`);
      if (spec === '^' || spec === '~') pkg[field][dep] = `${spec}${version}`;
      else if (spec === '*') pkg[field][dep] = version;
      else pkg[field][dep] = spec;
    }
  }
}

/** Packs every publishable package into outDir; returns the tarballs' paths. */
export function packAll(outDir) {
  mkdirSync(outDir, { recursive: true });
  const all = workspaces();
  const versions = new Map(all.map(p => [p.name, p.version]));
  const packages = all.filter(
    p => !p.isPrivate && path.dirname(p.dir) === path.join(root, 'plugins'),
  );
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'agentdeck-pack-'));
  const builtHere = packages.filter(p => !existsSync(path.join(p.dir, 'dist')));
  try {
    // Type declarations (dist-types/) for the packages only, as `yarn tsc` would
    // write them; tests are left out. Type errors are the typecheck's to report.
    const tsconfig = path.join(tmp, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: path.join(root, 'tsconfig.json'),
        include: ['src', 'config.d.ts', 'migrations'].map(f =>
          path.join(root, 'plugins/*', f),
        ),
        exclude: [
          path.join(root, 'node_modules'),
          ...['**/*.test.ts', '**/*.test.tsx', '**/__tests__/**'].map(f =>
            path.join(root, 'plugins/*/src', f),
          ),
          path.join(root, 'plugins/*/src/setupTests.ts'),
        ],
        compilerOptions: {
          rootDir: root,
          outDir: path.join(root, 'dist-types'),
          typeRoots: [path.join(root, 'node_modules/@types')],
        },
      }),
    );
    spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        tsconfig,
        '--incremental',
        'false',
      ],
      { cwd: root, stdio: 'ignore' },
    );

    for (const p of packages) {
      run(process.execPath, [cli, 'package', 'build'], p.dir);
    }

    // prepack applied to copies: <tmp>/ws/plugins/<dir>/
    const ws = path.join(tmp, 'ws');
    mkdirSync(ws);
    run(
      process.execPath,
      [cli, 'build-workspace', ws, ...packages.map(p => p.name)],
      root,
    );

    const tarballs = [];
    for (const p of packages) {
      const dir = path.join(ws, path.relative(root, p.dir));
      const pkgFile = path.join(dir, 'package.json');
      const pkg = readJson(pkgFile);
      replaceWorkspaceRanges(pkg, versions);
      writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
      const [{ filename }] = JSON.parse(
        run(
          'npm',
          [
            'pack',
            '--json',
            '--ignore-scripts',
            '--pack-destination',
            path.resolve(outDir),
          ],
          dir,
        ),
      );
      tarballs.push(path.resolve(outDir, filename));
    }
    return tarballs;
  } finally {
    for (const p of builtHere) {
      rmSync(path.join(p.dir, 'dist'), { recursive: true, force: true });
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const outDir = process.argv[2];
  if (!outDir) {
    process.stderr.write('usage: node scripts/pack.mjs <out-dir>\n');
    process.exit(2);
  }
  for (const tarball of packAll(path.resolve(outDir))) {
    process.stdout.write(`${tarball}\n`);
  }
}
