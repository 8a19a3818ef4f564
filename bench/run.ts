// `./agentdeck bench`: AgentDeck beside Backstage's Kubernetes backend on the
// sandbox cluster. Prints a table and writes bench/results/latest.{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticAgents } from './lib/backend';
import { measureHistory, HistoryResult } from './lib/history';
import { loadNow, machine } from './lib/machine';
import { measurePageViews } from './lib/pageViews';
import { renderReport } from './lib/report';
import { measureScaffolder, ScaffolderResult } from './lib/scaffolder';
import { measureScale, ScaleResult } from './lib/scaleStep';
import { startSandboxProcess } from './lib/sandboxProcess';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const has = (name: string) => args.includes(`--${name}`);
const scales = (opt('scales') ?? (has('quick') ? '100,1000' : '100,1000,5000'))
  .split(',')
  .map(Number)
  .filter(x => x > 0);
const LATENCY_MS = Number(opt('latency-ms') ?? 20);
const PODS = 10;

const log = (s: string) => process.stdout.write(`[bench] ${s}\n`);

async function main() {
  if (!(global as { gc?: unknown }).gc)
    throw new Error('run with --expose-gc (./agentdeck bench does)');
  const results: Record<string, unknown> = {
    machine: machine(),
    settings: { scales, podsPerAgent: PODS, sandboxLatencyMs: LATENCY_MS },
  };
  const loads: number[] = [loadNow()];
  const scaleResults: ScaleResult[] = [];
  let pageViews: Awaited<ReturnType<typeof measurePageViews>> | undefined;

  for (const agents of scales) {
    log(
      `${agents} agents x ${PODS} pods, sandbox adding ${LATENCY_MS} ms per API call`,
    );
    const sandbox = await startSandboxProcess({
      agents,
      podsPerAgent: PODS,
      latencyMs: LATENCY_MS,
    });
    log(`  sandbox ready in ${sandbox.startMs} ms`);
    try {
      const entities = syntheticAgents(agents);
      const target = entities[entities.length - 1];
      // the quiet window needs the first readiness round done: minutes at 5,000 agents
      if (!pageViews && agents <= 1000) {
        log('  page views: API-server requests per view');
        pageViews = await measurePageViews(sandbox, entities, target);
      }
      scaleResults.push(await measureScale(sandbox, entities, target, log));
      loads.push(loadNow());
    } finally {
      await sandbox.stop();
    }
  }
  results.pageViews = pageViews;
  results.scales = scaleResults;

  let history: HistoryResult[] = [];
  if (!has('skip-history')) {
    log('scaling history: collector write rate and 30-day query');
    history = await measureHistory(log);
  }
  results.history = history;
  let scaffolder: ScaffolderResult[] = [];
  if (!has('skip-scaffolder')) {
    log('scaffolder: full manifest set per agent');
    scaffolder = measureScaffolder(500);
  }
  results.scaffolder = scaffolder;
  loads.push(loadNow());
  results.loadAverages = loads;

  const { markdown, table } = renderReport(results as any);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'latest.md'), markdown);
  process.stdout.write(`\n${table}\n`);
  log(`wrote ${join(dir, 'latest.json')} and latest.md`);
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
