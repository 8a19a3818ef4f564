// `./agentdeck bench`: AgentDeck beside Backstage's Kubernetes backend on the
// sandbox cluster. Prints a table and writes bench/results/latest.{json,md}.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticAgents } from './lib/backend';
import { measureHistory, HistoryResult } from './lib/history';
import { loadNow, machine } from './lib/machine';
import { measurePageViews } from './lib/pageViews';
import { renderReport } from './lib/report';
import { measureScaffolder, ScaffolderResult } from './lib/scaffolder';
import { measureScale, ScaleResult } from './lib/scaleStep';
import { measureOrgHour, OrgHourResult } from './lib/orgHour';
import { startPostgres, startPrometheus } from '@agentdeck/test-utils';
import { startSandboxProcess } from './lib/sandboxProcess';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const has = (name: string) => args.includes(`--${name}`);
/** `--scales 100,1000,5000,20000x5`: agents, and pods per agent after an x (default 10). */
const scales = (
  opt('scales') ?? (has('quick') ? '100,1000' : '100,1000,5000,20000x5')
)
  .split(',')
  .map(spec => {
    const [agents, pods] = spec.split('x').map(Number);
    return { agents, pods: pods || 10 };
  })
  .filter(x => x.agents > 0);
const LATENCY_MS = Number(opt('latency-ms') ?? 20);
/** The organisation's hour is measured over this window and scaled (default 6 min: every periodic pass fits). */
const WINDOW_MINUTES = Number(opt('window-minutes') ?? 6);

const log = (s: string) => process.stdout.write(`[bench] ${s}\n`);

async function main() {
  if (!(global as { gc?: unknown }).gc)
    throw new Error('run with --expose-gc (./agentdeck bench does)');
  const results: Record<string, unknown> = {
    machine: machine(),
    settings: { scales, sandboxLatencyMs: LATENCY_MS },
  };
  const loads: number[] = [loadNow()];
  const scaleResults: ScaleResult[] = [];
  const failedScales: Array<{ agents: number; pods: number; error: string }> =
    [];
  let pageViews: Awaited<ReturnType<typeof measurePageViews>> | undefined;

  for (const { agents, pods } of scales) {
    log(
      `${agents} agents x ${pods} pods, sandbox adding ${LATENCY_MS} ms per API call`,
    );
    const sandbox = await startSandboxProcess({
      agents,
      podsPerAgent: pods,
      latencyMs: LATENCY_MS,
    });
    log(`  sandbox ready in ${sandbox.startMs} ms`);
    try {
      const entities = syntheticAgents(agents);
      const target = entities[entities.length - 1];
      if (!pageViews && agents <= 1000 && pods === 10) {
        log('  page views: API-server requests per view');
        pageViews = await measurePageViews(sandbox, entities, target);
      }
      try {
        scaleResults.push(
          await measureScale(sandbox, entities, target, pods, log),
        );
      } catch (e) {
        // one fleet size failing leaves the others' figures standing
        log(`  ${agents} agents x ${pods} pods failed: ${e}`);
        failedScales.push({ agents, pods, error: String(e) });
      }
      loads.push(loadNow());
    } finally {
      await sandbox.stop();
    }
  }
  results.pageViews = pageViews;
  results.scales = scaleResults;
  results.failedScales = failedScales;

  let orgHour: OrgHourResult | undefined;
  if (!has('skip-org-hour')) {
    log(
      `an organisation's hour: 1,000 agents x 10 pods in two clusters, measured over ${WINDOW_MINUTES} min per configuration`,
    );
    const prometheus = await startPrometheus([]);
    const pg = await startPostgres();
    try {
      orgHour = await measureOrgHour({
        agents: 1000,
        podsPerAgent: 10,
        latencyMs: LATENCY_MS,
        windowMs: WINDOW_MINUTES * 60_000,
        unreadyShare: 0.02,
        prometheusUrl: prometheus.baseUrl,
        knex: await pg.createDatabase('agents_org_hour'),
        log,
      });
    } finally {
      await prometheus.stop();
      await pg.stop();
    }
    loads.push(loadNow());
  }
  results.orgHour = orgHour;

  let history: HistoryResult[] = [];
  if (!has('skip-history')) {
    log('scaling history: store write rate and 30-day query through REST');
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
  // `--keep`: parts skipped in this run keep their figures from the last run's results
  if (has('keep')) {
    const file = join(__dirname, 'results', 'latest.json');
    const last = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const kept: string[] = [];
    const keep = (key: string, skipped: boolean) => {
      if (!skipped || last[key] === undefined) return;
      results[key] = last[key];
      kept.push(key);
    };
    keep('pageViews', !pageViews);
    keep('scales', scaleResults.length === 0);
    keep('orgHour', !orgHour);
    keep('history', history.length === 0);
    keep('scaffolder', scaffolder.length === 0);
    if (kept.length)
      results.kept = {
        from: last.machine?.date,
        parts: kept,
        loadAverages: last.loadAverages,
      };
  }

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
