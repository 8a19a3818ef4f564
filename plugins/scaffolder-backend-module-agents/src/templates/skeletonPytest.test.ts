import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchSkeleton, sampleValues } from '../__testUtils__/templates';

jest.setTimeout(60_000);

const TEMPLATES = [
  'agent-http-api',
  'agent-queue-worker',
  'agent-nats-jetstream',
  'agent-local-model',
];

// Debian's interpreter: python3-fastapi and python3-pytest install there, and a
// pyenv shim earlier on PATH would not see them.
const PYTHON = '/usr/bin/python3';

interface PytestRun {
  code: number;
  output: string;
  passed: string[];
  notPassed: string[];
}

/** Test names of a JUnit report, split into passed and the rest (failed, error, skipped). */
function readJunit(xml: string): Omit<PytestRun, 'code' | 'output'> {
  const passed: string[] = [];
  const notPassed: string[] = [];
  const cases = /<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const [, attrs, body = ''] of xml.matchAll(cases)) {
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1] ?? '?';
    const outcome = /<(failure|error|skipped)\b/.exec(body)?.[1];
    if (outcome) notPassed.push(`${name} (${outcome})`);
    else passed.push(name);
  }
  return { passed, notPassed };
}

/** Runs the generated repository's tests as its CI does (`pytest -q`). */
function runPytest(dir: string): Promise<PytestRun> {
  const report = join(dir, '.pytest-report.xml');
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${report}`],
      {
        cwd: dir,
        timeout: 45_000,
        env: { PATH: '/usr/bin:/bin', HOME: dir, PYTHONDONTWRITEBYTECODE: '1' },
      },
      (error, stdout, stderr) => {
        const code = error
          ? Number((error as { code?: unknown }).code ?? 1)
          : 0;
        readFile(report, 'utf8').then(
          xml => resolve({ code, output: stdout + stderr, ...readJunit(xml) }),
          () =>
            reject(
              new Error(
                `pytest wrote no report (exit ${code}):\n${stdout}${stderr}`,
              ),
            ),
        );
      },
    );
  });
}

/** The test functions the skeleton defines, so none can go uncollected unnoticed. */
async function definedTests(dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const file of await readdir(join(dir, 'tests'))) {
    if (!/^test_.*\.py$/.test(file)) continue;
    const source = await readFile(join(dir, 'tests', file), 'utf8');
    for (const [, name] of source.matchAll(/^def (test_\w+)\(/gm))
      names.push(name);
  }
  return names.sort();
}

describe("the generated repository's own Python tests", () => {
  it.each(TEMPLATES)(
    '%s: every test in tests/ passes under pytest',
    async template => {
      const dir = await mkdtemp(join(tmpdir(), 'agentdeck-pytest-'));
      try {
        await fetchSkeleton(
          template,
          sampleValues({ name: 'test-agent' }),
          dir,
        );
        // the mock action context fetches the raw template into the workspace
        // itself (a real task uses a separate temporary directory)
        await rm(join(dir, 'template'), { recursive: true, force: true });
        const expected = await definedTests(dir);
        expect(expected.length).toBeGreaterThan(0);

        const run = await runPytest(dir);

        if (run.code !== 0 || run.notPassed.length > 0) {
          throw new Error(
            `pytest exited ${run.code}; not passed: ${run.notPassed.join(
              ', ',
            )}\n${run.output}`,
          );
        }
        expect(run.passed.sort()).toEqual(expected);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
