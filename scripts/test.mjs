// ./agentdeck test: type check, every package's jest suites (unit and
// integration against real servers), then the end-to-end suites in headless
// Chromium against the running demo. Ends with "N passed, N failed"; a test
// that was skipped or left todo counts as failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countJest } from './lib/jestReport.mjs';
import { root, startStack, stateDir } from './lib/stack.mjs';

const outDir = path.join(root, 'test-results');
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2);
const wants = step => only.length === 0 || only.includes(step);
const tally = { passed: 0, failed: 0, failures: [] };

function runStep(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true', ...env },
  });
  return res.status ?? 1;
}

if (wants('typecheck')) {
  const code = runStep('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
  if (code === 0) tally.passed += 1;
  else {
    tally.failed += 1;
    tally.failures.push('typecheck: tsc reported errors');
  }
}

if (wants('unit')) {
  const file = path.join(outDir, 'jest.json');
  rmSync(file, { force: true });
  const code = runStep('packages', process.execPath, [
    'node_modules/@backstage/cli/bin/backstage-cli', 'repo', 'test',
    '--json', `--outputFile=${file}`, '--maxWorkers=2',
  ]);
  countJest(tally, 'packages', file, code, root);
}

if (wants('e2e')) {
  const file = path.join(outDir, 'e2e.json');
  rmSync(file, { force: true });
  process.stdout.write('\n=== e2e: starting the demo stack\n');
  let stack;
  try {
    // its own database, so test runs leave nothing in the demo's catalog
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'agentdeck-e2e-'));
    stack = await startStack({ quiet: true, timeScale: 20, env: { AGENTDECK_STATE_DIR: stateDir } });
    const code = runStep('e2e', process.execPath, [
      'node_modules/jest/bin/jest.js', '-c', 'e2e/jest.config.js',
      '--json', `--outputFile=${file}`, '--runInBand',
    ], {
      AGENTDECK_APP_URL: stack.appUrl,
      AGENTDECK_BACKEND_URL: stack.backendUrl,
      AGENTDECK_SANDBOX_CONTROL_URL: stack.controlUrl,
      AGENTDECK_KUBECONFIG: stack.kubeconfig,
    });
    countJest(tally, 'e2e', file, code, root);
  } catch (e) {
    tally.failed += 1;
    tally.failures.push(`e2e: ${e.message}`);
  } finally {
    await stack?.stop();
  }
}

if (tally.failures.length) {
  process.stdout.write(`\nFailures:\n${tally.failures.map(f => `  - ${f}`).join('\n')}\n`);
}
process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed\n`);
process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
