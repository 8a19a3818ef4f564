import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { call } from '../__testUtils__/helpers';
import type { TokenMetricNaming } from './scenarioTypes';

jest.setTimeout(60000);

const agent = (name: string, tokenMetrics?: TokenMetricNaming[]) => ({
  name,
  namespace: 'ai-agents',
  replicas: 1,
  scaling: { mode: 'none' as const },
  models: ['openai/gpt-4o-mini'],
  load: { base: 10 },
  ...(tokenMetrics ? { tokenMetrics } : {}),
});

const scenario = {
  name: 'token-metrics',
  agents: [
    agent('llm-agent'),
    agent('histogram-agent', ['otel-histogram']),
    agent('current-agent', ['otel']),
    agent('both-agent', ['otel', 'llm']),
  ],
};

const OTEL =
  'gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o-mini"';

describe('token metric namings of simulated agents', () => {
  let c: SandboxCluster;
  const metricsOf = async (app: string) => {
    const pod = (
      await call(
        c,
        `/api/v1/namespaces/ai-agents/pods?labelSelector=app%3D${app}`,
      )
    ).json.items[0].metadata.name;
    return (
      await call(
        c,
        `/api/v1/namespaces/ai-agents/pods/${pod}:8000/proxy/metrics`,
      )
    ).text;
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find(l => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };
  const llm = 'llm_tokens_total{model="openai/gpt-4o-mini",direction="input"}';
  const current = `gen_ai_client_inference_usage_input_tokens_total{${OTEL},gen_ai_token_modality="text"}`;
  const histogram = `gen_ai_client_token_usage_sum{${OTEL},gen_ai_token_type="input"}`;
  const cost = 'llm_cost_dollars_total{model="openai/gpt-4o-mini"}';

  beforeAll(async () => {
    c = await startSandboxCluster({ scenario, timeScale: 0 });
    c.sim.advance(60);
  });
  afterAll(() => c.stop());

  it.each([
    ['llm-agent', [llm]],
    ['histogram-agent', [histogram]],
    ['current-agent', [current]],
    ['both-agent', [current, llm]],
  ])('%s exposes its namings and cost', async (app, names) => {
    const text = await metricsOf(app);
    const shown = [llm, current, histogram].filter(
      series => value(text, series) !== undefined,
    );
    expect(new Set(shown)).toEqual(new Set(names));
    for (const series of names) expect(value(text, series)).toBeGreaterThan(0);
    expect(value(text, cost)).toBeGreaterThan(0);
  });

  it('counts the same tokens under both namings of one pod', async () => {
    const text = await metricsOf('both-agent');
    expect(value(text, current)).toBe(value(text, llm));
    expect(text).toContain(
      '# TYPE gen_ai_client_inference_usage_output_tokens_total counter',
    );
  });
});
