import { Entity } from '@backstage/catalog-model';
import { createAgentResolver, promSelector } from './agentScope';
import { PlausibilityLimits } from './counterPlan';
import { PromSeries, PrometheusClient } from './prometheusClient';
import { keepPlausible, screenPods, toRejections } from './promPlausibility';
import { RawModelUsage, RawPoint, UsageReader } from './types';
import { DEFAULT_PLAUSIBILITY } from './usageLimits';

type Family = {
  metric: string;
  tokens: (sel: string, range: string) => string;
  cost?: (sel: string, range: string) => string;
  modelLabel: string;
  directionLabel: string;
};

const LLM: Family = {
  metric: 'llm_tokens_total',
  // by pod too, so each pod's increase can be checked against the ceilings
  tokens: (s, r) =>
    `sum by (namespace, pod, model, direction) (increase(llm_tokens_total{${s}}[${r}]))`,
  cost: (s, r) =>
    `sum by (namespace, pod, model) (increase(llm_cost_dollars_total{${s}}[${r}]))`,
  modelLabel: 'model',
  directionLabel: 'direction',
};

const OTEL: Family = {
  metric: 'gen_ai_client_token_usage',
  tokens: (s, r) =>
    `sum by (namespace, pod, gen_ai_request_model, gen_ai_token_type) (increase(gen_ai_client_token_usage_sum{${s}}[${r}]))`,
  modelLabel: 'gen_ai_request_model',
  directionLabel: 'gen_ai_token_type',
};

const INPUT = new Set(['input', 'prompt']);
const OUTPUT = new Set(['output', 'completion']);
const promRange = (ms: number) => `${Math.max(1, Math.round(ms / 1000))}s`;

/** Adds token and cost series into per-(time, model) usage; what no counter can increase by is skipped. */
function accumulate(family: Family, tokens: PromSeries[], cost: PromSeries[]) {
  const acc = new Map<string, RawPoint>();
  const ok = (v: number) => Number.isFinite(v) && v >= 0;
  const entry = (at: number, model: string) => {
    const key = `${at}|${model}`;
    let u = acc.get(key);
    if (!u) acc.set(key, (u = { at, model, inputTokens: 0, outputTokens: 0 }));
    return u;
  };
  for (const s of tokens) {
    const model = s.metric[family.modelLabel] ?? 'unknown';
    const dir = s.metric[family.directionLabel] ?? '';
    for (const [t, v] of s.values) {
      if (!ok(v)) continue;
      const u = entry(t * 1000, model);
      if (INPUT.has(dir)) u.inputTokens += v;
      else if (OUTPUT.has(dir)) u.outputTokens += v;
    }
  }
  for (const s of cost) {
    for (const [t, v] of s.values) {
      if (!ok(v)) continue;
      const u = entry(t * 1000, s.metric.model ?? 'unknown');
      u.costUsd = (u.costUsd ?? 0) + v;
    }
  }
  return [...acc.values()];
}

const strip = ({ at: _at, ...u }: RawPoint): RawModelUsage => u;

/**
 * Usage from the Prometheus HTTP API: `llm_tokens_total` and
 * `llm_cost_dollars_total`, or OpenTelemetry's `gen_ai_client_token_usage`
 * when the first has no data for the agent.
 * @public
 */
export function createPrometheusUsageReader(
  client: PrometheusClient,
  selectorLabel?: string,
  limits: PlausibilityLimits = DEFAULT_PLAUSIBILITY,
): UsageReader {
  async function totals(sel: string, from: number, to: number) {
    const range = promRange(to - from);
    for (const family of [LLM, OTEL]) {
      const [tokens, cost] = await Promise.all([
        client.query(family.tokens(sel, range), to),
        family.cost ? client.query(family.cost(sel, range), to) : [],
      ]);
      if (tokens.length > 0) {
        const rejected = screenPods(tokens, cost, to - from, limits);
        return { family, tokens, cost, rejected };
      }
    }
    return undefined;
  }

  const modelsOf = (t: NonNullable<Awaited<ReturnType<typeof totals>>>) =>
    accumulate(
      t.family,
      keepPlausible(t.tokens, t.rejected),
      keepPlausible(t.cost, t.rejected),
    ).map(strip);

  return {
    kind: 'prometheus',

    async read(entity, { from, to, stepMs }) {
      const sel = promSelector(entity, selectorLabel);
      const t = await totals(sel, from, to);
      if (!t) return { models: [], series: [] };
      const { family } = t;
      const step = promRange(stepMs);
      const [tokens, cost] = await Promise.all([
        client.queryRange(family.tokens(sel, step), from + stepMs, to, stepMs),
        family.cost
          ? client.queryRange(family.cost(sel, step), from + stepMs, to, stepMs)
          : [],
      ]);
      // a pod left out of the totals is left out of the chart as well, and the reverse
      screenPods(tokens, cost, stepMs, limits, t.rejected);
      const series = accumulate(
        family,
        keepPlausible(tokens, t.rejected),
        keepPlausible(cost, t.rejected),
      );
      const rejected = toRejections(t.rejected, to);
      return {
        metric: family.metric,
        models: modelsOf(t),
        series,
        ...(rejected.length ? { rejected } : {}),
      };
    },

    async total(entity: Entity, from: number, to: number) {
      const t = await totals(promSelector(entity, selectorLabel), from, to);
      return t ? modelsOf(t) : [];
    },

    async summary24h(entities, now) {
      const g = selectorLabel ?? 'pod';
      // A series whose increase is not finite or beyond a pod's ceilings is
      // dropped inside Prometheus (NaN compares false): the answer stays one
      // series per agent and model, as small as without the check.
      const tokens = `<= ${limits.maxTokensPerPodPerMinute * 1440}`;
      const usd = `<= ${limits.maxCostUsdPerPodPerMinute * 1440}`;
      // One query for every agent: the three parts have distinct label sets,
      // so `or` keeps them all.
      const expr = [
        `sum by (namespace, ${g}, model, direction) (increase(llm_tokens_total[24h]) ${tokens})`,
        `sum by (namespace, ${g}, model) (increase(llm_cost_dollars_total[24h]) ${usd})`,
        `sum by (namespace, ${g}, gen_ai_request_model, gen_ai_token_type) (increase(gen_ai_client_token_usage_sum[24h]) ${tokens})`,
      ].join(' or ');
      const result = await client.query(expr, now);
      const resolve = createAgentResolver(entities, selectorLabel);
      const perAgent = new Map<
        string,
        { llm: PromSeries[]; cost: PromSeries[]; otel: PromSeries[] }
      >();
      for (const s of result) {
        const ref = resolve(s.metric);
        if (!ref) continue;
        const bucket = perAgent.get(ref) ?? { llm: [], cost: [], otel: [] };
        perAgent.set(ref, bucket);
        if (s.metric.gen_ai_token_type !== undefined) bucket.otel.push(s);
        else if (s.metric.direction !== undefined) bucket.llm.push(s);
        else bucket.cost.push(s);
      }
      const out = new Map<string, RawModelUsage[]>();
      for (const [ref, b] of perAgent) {
        const points =
          b.llm.length > 0 || b.otel.length === 0
            ? accumulate(LLM, b.llm, b.cost)
            : accumulate(OTEL, b.otel, []);
        out.set(ref, mergeModels(points.map(strip)));
      }
      return out;
    },
  };
}

/** Sums usage of the same model (series of several pods). @public */
export function mergeModels(rows: RawModelUsage[]): RawModelUsage[] {
  const byModel = new Map<string, RawModelUsage>();
  for (const r of rows) {
    const m = byModel.get(r.model);
    if (!m) {
      byModel.set(r.model, { ...r });
      continue;
    }
    m.inputTokens += r.inputTokens;
    m.outputTokens += r.outputTokens;
    if (r.costUsd !== undefined) m.costUsd = (m.costUsd ?? 0) + r.costUsd;
  }
  return [...byModel.values()];
}
