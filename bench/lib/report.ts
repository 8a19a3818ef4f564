import type { HistoryResult } from './history';
import type { ScaffolderResult } from './scaffolder';
import type { ScaleResult } from './scaleStep';
import type { ViewCount } from './pageViews';
import type { OrgHourResult } from './orgHour';

/** Everything run.ts collected. */
export interface BenchResults {
  machine: {
    date: string;
    nproc: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
  };
  settings: {
    scales: Array<{ agents: number; pods: number }>;
    sandboxLatencyMs: number;
  };
  orgHour?: OrgHourResult;
  /** Fleet sizes whose measurement failed, and why. */
  failedScales?: Array<{ agents: number; pods: number; error: string }>;
  /** Parts this run skipped and kept from an earlier run (`--keep`). */
  kept?: { from?: string; parts: string[]; loadAverages?: number[] };
  pageViews?: {
    agentdeck: { one: ViewCount; hundred: ViewCount };
    kubernetes: { one: ViewCount; hundred: ViewCount };
  };
  scales: ScaleResult[];
  history: HistoryResult[];
  scaffolder: ScaffolderResult[];
  loadAverages: number[];
}

type Row = [string, string, string, string, string, string];

const ms = (x: number) => (x >= 100 ? `${Math.round(x)}` : x.toFixed(1));
const pct = (p: { p50: number; p95: number; p99: number }) =>
  `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const n = (x: number) => x.toLocaleString('en-US');
const ratio = (a: number, b: number) => {
  if (!Number.isFinite(b)) return '—';
  if (a > 0) return `${(b / a).toFixed(1)}x`;
  return b > 0 ? 'n/a (0 vs >0)' : '—';
};
const verdict = (ok: boolean, why?: string) =>
  ok ? 'pass' : `MISS${why ? `: ${why}` : ''}`;

function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  const pv = r.pageViews;
  const largest = r.scales[r.scales.length - 1];
  if (pv) {
    const agentsAt = r.scales[0]?.agents ?? 0;
    out.push([
      `API-server requests, 1 page view (${n(agentsAt)} agents)`,
      n(pv.agentdeck.one.requests),
      n(pv.kubernetes.one.requests),
      ratio(pv.agentdeck.one.requests, pv.kubernetes.one.requests),
      '0',
      verdict(
        pv.agentdeck.one.requests === 0,
        'a page view reached the API server',
      ),
    ]);
    out.push([
      'API-server requests, 10 views/min for 10 min (100 views, run back to back)',
      n(pv.agentdeck.hundred.requests),
      n(pv.kubernetes.hundred.requests),
      ratio(pv.agentdeck.hundred.requests, pv.kubernetes.hundred.requests),
      '0',
      verdict(
        pv.agentdeck.hundred.requests === 0,
        'page views reached the API server',
      ),
    ]);
  }
  for (const f of r.failedScales ?? []) {
    out.push([
      `${n(f.agents)} agents x ${f.pods} pods`,
      `failed: ${f.error.slice(0, 160)}`,
      '—',
      '—',
      '—',
      'MISS: the measurement did not complete',
    ]);
  }
  const oh = r.orgHour;
  if (oh) {
    const k8s = oh.kubernetes.perHour;
    const where = `${n(oh.agents)} agents x ${oh.podsPerAgent} pods in ${
      oh.clusters
    } clusters, 600 views`;
    const one = oh.rows.find(
      x =>
        x.replicas === 1 &&
        !/Prometheus,/.test(x.label) &&
        !/with Prometheus/.test(x.label),
    );
    for (const row of oh.rows) {
      const withProm = /with Prometheus/.test(row.label);
      let target = 'below the Kubernetes plugin';
      let ok = row.perHour < k8s;
      let why =
        'background pod-proxy work at the budget exceeds what the views cost the Kubernetes plugin';
      if (withProm) {
        target = '≤ 1/10 of the Kubernetes plugin';
        ok = row.perHour * 10 <= k8s;
        why = 'watch renewals and view-driven readiness exceed a tenth';
      } else if (row.replicas > 1 && one) {
        target = 'equal to 1 replica (±10%)';
        ok = Math.abs(row.perHour - one.perHour) <= one.perHour * 0.1 + 10;
        why = 'replicas repeat pod-proxy work';
      }
      out.push([
        `An organisation's hour: API-server requests, ${
          row.label
        } (${where}; window ${Math.round(
          row.windowMs / 60_000,
        )} min scaled to 1 h)`,
        `${n(row.perHour)} (pod proxy ${n(
          Math.round((row.window.podProxy * 3_600_000) / row.windowMs),
        )}, watches ${n(
          Math.round((row.window.watches * 3_600_000) / row.windowMs),
        )})`,
        `${n(k8s)} (${n(
          oh.kubernetes.requestsPerRefresh,
        )} per refresh, 6 refreshes per 1-min view)`,
        ratio(row.perHour, k8s),
        target,
        verdict(ok, why),
      ]);
      out.push([
        `An organisation's hour: pod-proxy requests to one cluster in any one second, ${row.label}`,
        `${n(row.maxPodProxyPerSecond)}; ${n(
          row.overBudget,
        )} windows (1, 2, 5, 10 s) over the budget`,
        '—',
        '—',
        `never above ${row.budget.qps}/s with bursts of ${row.budget.burst} (all replicas together)`,
        verdict(row.overBudget === 0, 'the budget was exceeded'),
      ]);
    }
  }
  const fleet = (s: ScaleResult) =>
    `${n(s.agents)} agents x ${s.pods / s.agents} pods`;
  for (const s of r.scales) {
    const at20k = s.agents >= 20000;
    out.push([
      `Latency p50/p95/p99, one agent (${fleet(s)})`,
      pct(s.latency.status),
      s.kubernetesError
        ? `no answer: ${s.kubernetesError.slice(0, 120)}`
        : pct(s.latency.kubernetes),
      ratio(s.latency.status.p95, s.latency.kubernetes.p95),
      at20k ? 'p95 < 5 ms' : '—',
      at20k
        ? verdict(
            s.latency.status.p95 < 5,
            'background loops (history, usage sampling) share the event loop with requests',
          )
        : 'info',
    ]);
  }
  for (const s of r.scales) {
    let limit: number | undefined;
    if (s.agents >= 20000) limit = 200;
    else if (s.agents >= 5000) limit = 50;
    out.push([
      `Latency p50/p95/p99, overview of all agents (${fleet(s)}, n=${
        s.latency.overview.n
      })`,
      pct(s.latency.overview),
      `n/a (no org-wide endpoint; ${n(s.agents)} x one-agent call)`,
      '—',
      limit ? `p95 < ${limit} ms` : '—',
      limit
        ? verdict(
            s.latency.overview.p95 < limit,
            'the catalog query, the permission check and serialising one entry per agent grow with the fleet',
          )
        : 'info',
    ]);
  }
  for (const s of r.scales) {
    out.push([
      `Response size, one agent / overview (${fleet(s)})`,
      `${kb(s.sizes.statusBytes)} / ${kb(s.sizes.overviewBytes)}`,
      kb(s.sizes.kubernetesBytes),
      '—',
      '—',
      'info',
    ]);
  }
  for (const s of r.scales) {
    out.push([
      `Heap per cached pod (${fleet(s)}, ${n(s.pods)} pods; RSS per pod)`,
      `${kb(s.heap.perPodBytes)} (RSS ${kb(s.heap.rssPerPodBytes)})`,
      'no cache',
      '—',
      '≤ 2 KB',
      verdict(
        s.heap.perPodBytes <= 2048,
        "includes the fixed start-up heap of both plugins and each agent's kept model",
      ),
    ]);
  }
  if (r.scales.length >= 2) {
    const a = r.scales[r.scales.length - 2];
    const b = largest;
    const slope =
      (b.heap.afterBytes -
        b.heap.beforeBytes -
        (a.heap.afterBytes - a.heap.beforeBytes)) /
      (b.pods - a.pods);
    const rssSlope =
      (b.heap.rssAfterBytes -
        b.heap.rssBeforeBytes -
        (a.heap.rssAfterBytes - a.heap.rssBeforeBytes)) /
      (b.pods - a.pods);
    out.push([
      `Heap per additional cached pod (${n(a.pods)} -> ${n(
        b.pods,
      )} pods; per 1,000 pods)`,
      `${kb(slope)} (${mb(slope * 1000)}/1,000 pods; RSS ${kb(rssSlope)})`,
      'no cache',
      '—',
      '≤ 2 KB',
      verdict(
        slope <= 2048,
        "stripped pod + its share of the agent's kept model",
      ),
    ]);
  }
  for (const s of r.scales) {
    const at5k = s.agents === 5000;
    const first = Math.max(s.firstStatusMs, s.firstOverviewMs);
    out.push([
      `Backend start -> first complete answer, one agent / overview (${fleet(
        s,
      )})`,
      `${n(Math.round(s.firstStatusMs))} / ${n(
        Math.round(s.firstOverviewMs),
      )} ms`,
      'first request (no warm-up)',
      '—',
      at5k ? '< 5 s' : '—',
      at5k
        ? verdict(
            first < 5000,
            'listing every pod page by page through the API server takes most of it',
          )
        : `info: plugin start ${n(Math.round(s.backendStartMs))} ms`,
    ]);
  }
  for (const s of r.scales) {
    const at5k = s.agents === 5000;
    out.push([
      `A dependency fails -> its failing check on the Agent tab (${fleet(s)})`,
      `${n(Math.round(s.unreadyShownMs / 100) / 10)} s`,
      'no readiness breakdown',
      '—',
      at5k ? '≤ 30 s' : '—',
      at5k
        ? verdict(s.unreadyShownMs <= 30_000, 'the readiness queue was behind')
        : 'info',
    ]);
  }
  for (const h of r.history) {
    out.push([
      `History store write rate, ${h.database} (${n(
        h.writes.agents,
      )} agents a round, each a sample and a rescale event, one agent per call as the collector writes, through the alpha store API)`,
      `${n(h.writes.samplesPerSecond)} samples/s (+ events), ${n(
        h.writes.roundMs,
      )} ms/round`,
      'no history',
      '—',
      '—',
      'info',
    ]);
    const why = `the window is merged to at most 1,000 points per series in SQL, but the GROUP BY still reads all ${n(
      h.rawSelect30d.rows,
    )} rows (a plain indexed SELECT of them takes p95 ${ms(
      h.rawSelect30d.p95,
    )} ms)`;
    out.push([
      `30-day history query through REST, busy agent (a sample every 2 min), ${
        h.database
      } (${n(h.query30d.samplesReturned)} samples + ${n(
        h.query30d.eventsReturned,
      )} events; ${n(h.dataset.rows)} rows in the table)`,
      pct(h.query30d),
      'no history (events expire after 1 h)',
      '—',
      'p95 < 50 ms',
      verdict(h.query30d.p95 < 50, why),
    ]);
    out.push([
      `30-day history query through REST, steady agent (10-min heartbeat), ${
        h.database
      } (${n(h.query30dSteady.samplesReturned)} samples)`,
      pct(h.query30dSteady),
      'no history',
      '—',
      'p95 < 50 ms',
      verdict(h.query30dSteady.p95 < 50),
    ]);
  }
  for (const s of r.scaffolder) {
    out.push([
      `Scaffolder: full manifest set for one agent (${s.spec}: ${
        s.files
      } files, ${kb(s.bytes)})`,
      `${pct(s.perRender)}; ${n(s.rendersPerSecond)} renders/s`,
      'n/a',
      '—',
      '—',
      'info',
    ]);
  }
  return out;
}

function markdownTable(rs: Row[]): string {
  const head: Row = [
    'Measure',
    'AgentDeck',
    'Kubernetes backend',
    'Ratio (K8s / AgentDeck)',
    'Target',
    'Result',
  ];
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [head, ['---', '---', '---', '---', '---', '---'] as Row, ...rs]
    .map(r => `| ${r.map(esc).join(' | ')} |`)
    .join('\n');
}

/** The table as markdown (for latest.md and the README) and as plain text. */
export function renderReport(r: BenchResults): {
  markdown: string;
  table: string;
} {
  const m = r.machine;
  // the bench itself keeps about one core busy: only more than every core counts as other work
  const loaded = Math.max(...r.loadAverages) > m.nproc;
  const keptLine = r.kept
    ? ` Kept from the run of ${
        r.kept.from ?? 'an earlier date'
      } (load averages ${(r.kept.loadAverages ?? []).join(
        ', ',
      )}): ${r.kept.parts.join(', ')}.`
    : '';
  const machineLine = `${m.nproc} cores (${m.cpuModel}), ${
    m.memoryGiB
  } GiB, Node ${m.node}, ${m.platform}, ${
    m.date
  }. 1-minute load average during the run: ${r.loadAverages.join(', ')}${
    loaded
      ? ' — a shared machine under load from other work, so latencies are pessimistic'
      : ''
  }.${keptLine}`;
  const table = markdownTable(rows(r));
  const notes = [
    `Both plugins run in one real Backstage backend (startTestBackend, the real \`@agentdeck/plugin-agents-backend\` and \`@backstage/plugin-kubernetes-backend\`, a catalog holding the Agent entities) against sandbox clusters in separate processes that add ${r.settings.sandboxLatencyMs} ms to every API call; requests are counted at the sandboxes.`,
    "A page view is what each plugin's entity tab requests: AgentDeck's status + scaling + usage; the Kubernetes plugin's `POST /api/kubernetes/services/:entity`, which fans out to every configured cluster. 10 views a minute for 10 minutes is compressed into 100 views run back to back, with AgentDeck's background work stretched to a day so the window holds only what views cause.",
    "An organisation's hour: two sandbox clusters each running the 1,000 agents with half their pods, 2% of the agents with a dependency down all hour (their pods unready), AgentDeck at its default settings (request budget 5/s, burst 10 per cluster), 600 views of agent pages spread over the hour (a few agents popular, most not). It is measured over a shorter window that holds every periodic pass (unready pods every 30 s, viewed agents' ready pods every 5 min, usage sampling every minute, watch renewals every 5 min) with the views in proportion, and scaled to the hour. The Kubernetes plugin's figure is one refresh of its tab, counted at both clusters, times 6 refreshes per 1-minute view, times 600. With Prometheus, readiness and usage come from Prometheus (a real Prometheus 2.42; it holds no agent series in the bench, which changes nothing at the API servers). Two replicas share one PostgreSQL.",
    "Status is answered from a per-cluster watch cache indexed by the `backstage.io/kubernetes-id` label, and each agent's model is kept until its own objects or readiness change, so the overview reads kept models and rebuilds only the rows that changed; it still asks the catalog for the visible agents and serialises one entry per agent per request.",
    "Latencies are sequential requests over loopback HTTP from the same process (one user at a time); n is in the JSON. Heap is measured after two forced collections (--expose-gc), before the backend starts and once both answers are complete; the sandbox's heap is not included. The outage row: a dependency of the measured agent fails in the sandbox (its pods turn unready on the next probe) and the time runs until the status answer shows the failing check.",
  ];
  const markdown = `# AgentDeck benchmarks\n\nMachine: ${machineLine}\n\n${table}\n\n${notes
    .map(x => `- ${x}`)
    .join('\n')}\n`;
  return { markdown, table: `Machine: ${machineLine}\n\n${table}` };
}
