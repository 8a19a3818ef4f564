import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort';

const PROMETHEUS =
  process.env.AGENTDECK_PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** A throwaway Prometheus on 127.0.0.1 scraping the given targets every second. */
export interface TestPrometheus {
  baseUrl: string;
  /** Resolves once an instant query returns at least `min` for `expr`. */
  waitFor(expr: string, min: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Prometheus from Debian's prometheus package with a temp config and TSDB. */
export async function startPrometheus(
  targets: string[],
): Promise<TestPrometheus> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(`${PROMETHEUS} not found: apt-get install -y prometheus`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'agentdeck-prom-'));
  const port = await freePort();
  // honor_labels keeps the namespace/pod labels the exporter sets, as a
  // Kubernetes service discovery would have attached them.
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: agents',
      '    honor_labels: true',
      `    static_configs: [{ targets: [${targets
        .map(t => `'${t}'`)
        .join(', ')}] }]`,
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>(resolve =>
    proc.once('exit', () => resolve()),
  );

  async function poll(
    check: () => Promise<boolean>,
    timeoutMs: number,
    what: string,
  ) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  await poll(
    async () => (await fetch(`${baseUrl}/-/ready`)).ok,
    30_000,
    'Prometheus to start',
  );
  return {
    baseUrl,
    waitFor(expr, min, timeoutMs = 30_000) {
      return poll(
        async () => {
          const res = await fetch(
            `${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`,
          );
          const body = (await res.json()) as {
            data?: { result?: Array<{ value?: [number, string] }> };
          };
          const value = Number(body.data?.result?.[0]?.value?.[1] ?? NaN);
          return value >= min;
        },
        timeoutMs,
        `${expr} >= ${min}`,
      );
    },
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
