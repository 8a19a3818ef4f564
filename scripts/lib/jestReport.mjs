// Reads a jest --json report into the runner's tally. A test that did not
// run (skipped, pending, todo) counts as failed: "N passed" must mean N
// things were verified.
import { readFileSync } from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** The first line of a suite's failure that says what went wrong, not the "●" heading. */
function firstLine(message = '') {
  const lines = message
    .replace(ANSI, '')
    .split('\n')
    .map(l => l.trim());
  return lines.find(l => l && !l.startsWith('●')) ?? 'no message';
}

/** Adds the report in `file` to `tally` ({ passed, failed, failures }). */
export function countJest(tally, name, file, exitCode, root) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    tally.failed += 1;
    tally.failures.push(`${name}: no report (exit code ${exitCode})`);
    return;
  }
  let failedHere = 0;
  for (const suite of report.testResults) {
    const rel = path.relative(root, suite.name);
    let testFailed = false;
    for (const t of suite.assertionResults) {
      if (t.status === 'passed') {
        tally.passed += 1;
        continue;
      }
      failedHere += 1;
      testFailed ||= t.status === 'failed';
      tally.failures.push(
        `${rel}: ${t.fullName}${
          t.status === 'failed' ? '' : ` (${t.status}, not run)`
        }`,
      );
    }
    // a suite that fails outside its tests (import error, a failing hook)
    if (suite.status === 'failed' && !testFailed) {
      failedHere += 1;
      tally.failures.push(`${rel}: suite failed: ${firstLine(suite.message)}`);
    }
  }
  if (exitCode !== 0 && failedHere === 0) {
    failedHere += 1;
    tally.failures.push(`${name}: jest exited with ${exitCode}`);
  }
  tally.failed += failedHere;
}
