import { Entity } from '@backstage/catalog-model';
import { AGENT_METRICS } from '@agentdeck/plugin-agents-common';
import {
  createAgentResolver,
  createTargetResolver,
  promSelector,
} from './agentScope';
import { PlausibilityLimits } from './counterPlan';
import { PromSeries, PrometheusClient } from './prometheusClient';
import { keepPlausible, screenPods, toRejections } from './promPlausibility';
import {
  alignCostModel,
  directionOf,
  modelOf,
  NAMING_METRIC,
  NAMINGS_NEWEST_FIRST,
} from './tokenNamings';
import { RawModelUsage, RawPoint, UsageReader } from './types';
import { DEFAULT_PLAUSIBILITY } from './usageLimits';

// Every label a model and its provider may come from (see modelOf).
const MODEL_LABELS =
  'model, gen_ai_request_model, gen_ai_response_model, gen_ai_provider_name, gen_ai_system';
// Marks which naming a series of a combined answer was read from.
const NAMING_LABEL = 'agentdeck_naming';
const COST = 'cost';

const tag = (expr: string, label: string, value: string) =>
  `label_replace(${expr}, "${label}", "${value}", "", "")`;
const selector = (metric: string, sel: string) =>
  sel ? `${metric}{${sel}}` : metric;
const otelSelector = (dirs: string, sel: string) =>
  `{__name__=~"gen_ai_client_inference_usage_${dirs}_tokens(_total|_sum)?"${
    sel ? `,${sel}` : ''
  }}`;

/**
 * Token increases over `range` in one answer, each series tagged with its
 * naming. A pod is read under the newest naming it has an increase in
 * (`unless on (namespace, pod)`), so a pod exposing several is counted once
 * while pods of an agent may differ. `cap` (e.g. `<= 1e9`) drops a series
 * beyond it inside Prometheus; a pod is still judged by its newest naming.
 */
function tokensExpr(sel: string, range: string, by: string, cap = '') {
  const inc = (s: string) => `increase(${s}[${range}])`;
  const capped = (s: string) => (cap ? `(${inc(s)} ${cap})` : inc(s));
  // pods with an increase of the metric; one metric name per increase, as
  // names dropped from series of several names could leave two alike
  const pods = (s: string) => `group by (namespace, pod) (${inc(s)})`;
  const dirs = ['input', 'output'] as const;
  const histSum = selector(`${AGENT_METRICS.otelTokenUsage}_sum`, sel);
  const otelPods = dirs.map(d => pods(otelSelector(d, sel))).join(' or ');
  const otel = dirs.map(dir =>
    tag(
      `sum by (${by}, ${MODEL_LABELS}) (${capped(otelSelector(dir, sel))})`,
      'gen_ai_token_type',
      dir,
    ),
  );
  const hist = `sum by (${by}, ${MODEL_LABELS}, gen_ai_token_type) (${capped(
    histSum,
  )} unless on (namespace, pod) (${otelPods}))`;
  const llm = `sum by (${by}, ${MODEL_LABELS}, direction, type) (${capped(
    selector(AGENT_METRICS.llmTokens, sel),
  )} unless on (namespace, pod) (${otelPods} or ${pods(histSum)}))`;
  return [
    tag(otel.join(' or '), NAMING_LABEL, 'otel'),
    tag(hist, NAMING_LABEL, 'otel-histogram'),
    tag(llm, NAMING_LABEL, 'llm'),
  ].join(' or ');
}

/** Cost increases over `range`, whatever naming the tokens have. */
const costExpr = (sel: string, range: string, by: string, cap = '') =>
  `sum by (${by}, ${MODEL_LABELS}) (increase(${selector(
    AGENT_METRICS.llmCost,
    sel,
  )}[${range}])${cap ? ` ${cap}` : ''})`;

// by pod, so each pod's increase can be checked against the ceilings
const BY_POD = 'namespace, pod';
const promRange = (ms: number) => `${Math.max(1, Math.round(ms / 1000))}s`;

/** The token metrics an answer was read from, newest first. */
function metricOf(tokens: PromSeries[]): string | undefined {
  const present = new Set(tokens.map(s => s.metric[NAMING_LABEL]));
  const names = NAMINGS_NEWEST_FIRST.filter(n => present.has(n)).map(
    n => NAMING_METRIC[n],
  );
  return names.length ? names.join(' and ') : undefined;
}

/** Adds token and cost series into per-(time, model) usage; what no counter can increase by is skipped. */
function accumulate(tokens: PromSeries[], cost: PromSeries[]) {
  const acc = new Map<string, RawPoint>();
  const ok = (v: number) => Number.isFinite(v) && v >= 0;
  const entry = (at: number, model: string) => {
    const key = `${at}|${model}`;
    let u = acc.get(key);
    if (!u) acc.set(key, (u = { at, model, inputTokens: 0, outputTokens: 0 }));
    return u;
  };
  const tokenModels = new Set<string>();
  for (const s of tokens) {
    const model = modelOf(s.metric) ?? 'unknown';
    tokenModels.add(model);
    const m = s.metric;
    const dir = directionOf(m.gen_ai_token_type, m.direction, m.type);
    for (const [t, v] of s.values) {
      if (!ok(v)) continue;
      const u = entry(t * 1000, model);
      if (dir === 'input') u.inputTokens += v;
      else if (dir === 'output') u.outputTokens += v;
    }
  }
  for (const s of cost) {
    const model = alignCostModel(modelOf(s.metric) ?? 'unknown', tokenModels);
    for (const [t, v] of s.values) {
      if (!ok(v)) continue;
      const u = entry(t * 1000, model);
      u.costUsd = (u.costUsd ?? 0) + v;
    }
  }
  return [...acc.values()];
}

const strip = ({ at: _at, ...u }: RawPoint): RawModelUsage => u;

/**
 * Usage from the Prometheus HTTP API: tokens from the current OpenTelemetry
 * GenAI counters, the older `gen_ai_client_token_usage` histogram or
 * `llm_tokens_total`, each pod under the newest naming it has (see
 * {@link TokenNaming}); cost from `llm_cost_dollars_total` where it exists.
 * @public
 */
export function createPrometheusUsageReader(
  client: PrometheusClient,
  selectorLabel?: string,
  limits: PlausibilityLimits = DEFAULT_PLAUSIBILITY,
): UsageReader {
  async function totals(sel: string, from: number, to: number) {
    const range = promRange(to - from);
    const [tokens, cost] = await Promise.all([
      client.query(tokensExpr(sel, range, BY_POD), to),
      client.query(costExpr(sel, range, BY_POD), to),
    ]);
    if (tokens.length === 0) return undefined;
    const rejected = screenPods(tokens, cost, to - from, limits);
    return { tokens, cost, rejected };
  }

  const modelsOf = (t: NonNullable<Awaited<ReturnType<typeof totals>>>) =>
    accumulate(
      keepPlausible(t.tokens, t.rejected),
      keepPlausible(t.cost, t.rejected),
    ).map(strip);

  return {
    kind: 'prometheus',

    async read(entity, { from, to, stepMs }) {
      const sel = promSelector(entity, selectorLabel);
      const t = await totals(sel, from, to);
      if (!t) return { models: [], series: [] };
      const step = promRange(stepMs);
      const [tokens, cost] = await Promise.all([
        client.queryRange(
          tokensExpr(sel, step, BY_POD),
          from + stepMs,
          to,
          stepMs,
        ),
        client.queryRange(
          costExpr(sel, step, BY_POD),
          from + stepMs,
          to,
          stepMs,
        ),
      ]);
      // a pod left out of the totals is left out of the chart as well, and the reverse
      screenPods(tokens, cost, stepMs, limits, t.rejected);
      const series = accumulate(
        keepPlausible(tokens, t.rejected),
        keepPlausible(cost, t.rejected),
      );
      const rejected = toRejections(t.rejected, to);
      const metric = metricOf(keepPlausible(t.tokens, t.rejected));
      return {
        ...(metric ? { metric } : {}),
        models: modelsOf(t),
        series,
        ...(rejected.length ? { rejected } : {}),
      };
    },

    async total(entity: Entity, from: number, to: number) {
      const t = await totals(promSelector(entity, selectorLabel), from, to);
      return t ? modelsOf(t) : [];
    },

    async summary24h(entities, now, unregistered = []) {
      const g = selectorLabel ?? 'pod';
      const by = `namespace, ${g}`;
      // A series whose increase is not finite or beyond a pod's ceilings is
      // dropped inside Prometheus (NaN compares false): the answer stays one
      // series per agent, model and naming, as small as without the check.
      const tokens = `<= ${limits.maxTokensPerPodPerMinute * 1440}`;
      const usd = `<= ${limits.maxCostUsdPerPodPerMinute * 1440}`;
      // One query for every agent: its parts are tagged apart, so `or` keeps them all.
      const exprBy = (grouping: string) =>
        [
          tokensExpr('', '24h', grouping, tokens),
          tag(costExpr('', '24h', grouping, usd), NAMING_LABEL, COST),
        ].join(' or ');
      const result = await client.query(exprBy(by), now);
      const resolve = createAgentResolver(entities, selectorLabel);
      // agents no entity claims are found by namespace and pod name
      const resolveUnregistered = createTargetResolver(unregistered);
      const perAgent = new Map<
        string,
        { tokens: PromSeries[]; cost: PromSeries[] }
      >();
      const add = (ref: string, s: PromSeries) => {
        const bucket = perAgent.get(ref) ?? { tokens: [], cost: [] };
        perAgent.set(ref, bucket);
        if (s.metric[NAMING_LABEL] === COST) bucket.cost.push(s);
        else bucket.tokens.push(s);
      };
      for (const s of result) {
        const ref =
          resolve(s.metric) ??
          (selectorLabel ? undefined : resolveUnregistered(s.metric));
        if (ref) add(ref, s);
      }
      // grouped by a label, series name no pod: the unregistered need one query by pod
      if (selectorLabel && unregistered.length > 0) {
        for (const s of await client.query(exprBy('namespace, pod'), now)) {
          const ref = resolveUnregistered(s.metric);
          if (ref) add(ref, s);
        }
      }
      const out = new Map<string, RawModelUsage[]>();
      for (const [ref, b] of perAgent) {
        out.set(ref, mergeModels(accumulate(b.tokens, b.cost).map(strip)));
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
