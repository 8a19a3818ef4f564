import type { ProxyAnswer } from '../api/context';
import { AGENT_CARD_PATH, cardAnswer } from './agentCard';
import type { ImageSources } from './imageSources';
import { hostileMetricLines, hostileReadyz } from './hostile';
import { durationBounds, podLoad } from './metrics';
import type { PodRuntime } from './podRuntime';

const json = (status: number, body: unknown): ProxyAnswer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

/** The pod's check results at scenario second `t`: a starting pod's model is still loading. */
function podChecks(rt: PodRuntime, t: number): Record<string, string> {
  const checks = rt.agent.checkResults(t);
  if (!rt.started && checks.model_loaded)
    checks.model_loaded = 'error: model loading';
  return checks;
}

/** The agent's /readyz answer at scenario second `t`. */
export function readyz(rt: PodRuntime, t: number, readyPods = 1): ProxyAnswer {
  const hostile = hostileReadyz(rt.agent.hostile);
  if (hostile) return hostile;
  const checks = podChecks(rt, t);
  const ok = rt.started && Object.values(checks).every(v => v === 'ok');
  const active = Math.round(podLoad(rt, t, readyPods));
  return json(ok ? 200 : 503, {
    status: ok ? 'ready' : 'not_ready',
    checks,
    load: `${active}/${rt.agent.maxConcurrency}`,
  });
}

const num = (v: number) =>
  Number.isInteger(v)
    ? String(v)
    : v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');

/** OpenTelemetry GenAI labels of a scenario model such as `openai/gpt-4o-mini`. */
function otelLabels(model: string): string {
  const slash = model.indexOf('/');
  const provider = slash > 0 ? model.slice(0, slash) : 'unknown';
  return `gen_ai_operation_name="chat",gen_ai_provider_name="${provider}",gen_ai_request_model="${model.slice(
    slash + 1,
  )}"`;
}

/** Prometheus text exposition of the agent's metrics. */
export function metricsText(
  rt: PodRuntime,
  t: number,
  readyPods: number,
): string {
  const c = rt.counters;
  const lines: string[] = [];
  const family = (
    name: string,
    type: string,
    help: string,
    samples: Array<[string, number]>,
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) lines.push(`${name}${labels} ${num(v)}`);
  };
  const active = Math.round(podLoad(rt, t, readyPods));
  family(
    'agent_active_requests',
    'gauge',
    'Requests currently being processed.',
    [['', active]],
  );
  family(
    'agent_request_queue_depth',
    'gauge',
    'Requests waiting for a worker.',
    [['', Math.max(0, active - rt.agent.maxConcurrency)]],
  );
  lines.push(
    '# HELP agent_request_duration_seconds Time to complete one agent task.',
    '# TYPE agent_request_duration_seconds histogram',
  );
  durationBounds.forEach((b, i) =>
    lines.push(
      `agent_request_duration_seconds_bucket{le="${b}"} ${num(
        Math.floor(c.durationBuckets[i]),
      )}`,
    ),
  );
  lines.push(
    `agent_request_duration_seconds_bucket{le="+Inf"} ${num(
      Math.floor(c.durationCount),
    )}`,
  );
  lines.push(
    `agent_request_duration_seconds_sum ${num(c.durationSum)}`,
    `agent_request_duration_seconds_count ${num(Math.floor(c.durationCount))}`,
  );
  family('agent_tasks_total', 'counter', 'Agent tasks by outcome.', [
    ['{status="success"}', Math.floor(c.tasksOk)],
    ['{status="error"}', Math.floor(c.tasksError)],
  ]);
  const models = Object.entries(c.requests);
  family(
    'llm_requests_total',
    'counter',
    'Requests sent to LLM providers.',
    models.flatMap(
      ([m, r]): Array<[string, number]> => [
        [`{model="${m}",status="ok"}`, Math.floor(r.ok)],
        [`{model="${m}",status="error"}`, Math.floor(r.error)],
      ],
    ),
  );
  const namings = rt.agent.spec.tokenMetrics?.length
    ? rt.agent.spec.tokenMetrics
    : ['llm'];
  if (namings.includes('otel')) {
    for (const dir of ['input', 'output'] as const)
      family(
        `gen_ai_client_inference_usage_${dir}_tokens_total`,
        'counter',
        `The number of ${dir} tokens used.`,
        models.map(([m, r]): [string, number] => [
          `{${otelLabels(m)},gen_ai_token_modality="text"}`,
          Math.floor(r[dir]),
        ]),
      );
  }
  if (namings.includes('otel-histogram')) {
    lines.push(
      '# HELP gen_ai_client_token_usage Number of input and output tokens used.',
      '# TYPE gen_ai_client_token_usage histogram',
    );
    for (const [m, r] of models) {
      const calls = num(Math.floor(r.ok));
      for (const dir of ['input', 'output'] as const) {
        const labels = `${otelLabels(m)},gen_ai_token_type="${dir}"`;
        lines.push(
          `gen_ai_client_token_usage_bucket{${labels},le="+Inf"} ${calls}`,
          `gen_ai_client_token_usage_sum{${labels}} ${num(Math.floor(r[dir]))}`,
          `gen_ai_client_token_usage_count{${labels}} ${calls}`,
        );
      }
    }
  }
  if (namings.includes('llm')) {
    family(
      'llm_tokens_total',
      'counter',
      'Tokens exchanged with LLM providers.',
      models.flatMap(
        ([m, r]): Array<[string, number]> => [
          [`{model="${m}",direction="input"}`, Math.floor(r.input)],
          [`{model="${m}",direction="output"}`, Math.floor(r.output)],
        ],
      ),
    );
  }
  family(
    'llm_cost_dollars_total',
    'counter',
    'Estimated LLM spend in US dollars.',
    models.map(([m, r]): [string, number] => [`{model="${m}"}`, r.cost]),
  );
  // the same checks as /readyz, as the agent skeleton sets the gauge from them
  const checks = podChecks(rt, t);
  family(
    'agent_readiness_check',
    'gauge',
    'Readiness check result (1 ok, 0 failing).',
    Object.entries(checks).map(([k, v]): [string, number] => [
      `{check="${k}"}`,
      v === 'ok' ? 1 : 0,
    ]),
  );
  rt.scrapes = (rt.scrapes ?? 0) + 1;
  lines.push(...hostileMetricLines(rt.agent.hostile, rt.scrapes));
  return `${lines.join('\n')}\n`;
}

/** What the container answers on port 8000, or undefined when nothing listens. */
export function containerAnswer(
  rt: PodRuntime,
  path: string,
  t: number,
  readyPods: number,
  sources?: ImageSources,
): ProxyAnswer | undefined {
  if (rt.stage !== 'running') return undefined;
  const p = path.split('?')[0];
  if (p === '/healthz' || p === '/livez')
    return rt.started || !rt.agent.spec.behaviours?.slowStartSeconds
      ? json(200, { status: 'ok' })
      : json(503, { status: 'starting' });
  if (p === '/readyz') return readyz(rt, t, readyPods);
  if (p === AGENT_CARD_PATH) return cardAnswer(rt, sources);
  if (p === '/metrics')
    return {
      status: 200,
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      body: metricsText(rt, t, readyPods),
    };
  if (p === '/' || p === '')
    return json(200, { agent: rt.agent.spec.name, version: '1.4.2' });
  return json(404, { detail: 'Not Found' });
}
