import { stringifyEntityRef } from '@backstage/catalog-model';
import { startPrometheus, TestPrometheus } from '@agentdeck/test-utils';
import { agentEntity } from '../../__testUtils__/fakeStatus';
import { startMetricsExporter } from '../../__testUtils__/metricsExporter';
import { createPrometheusClient } from './prometheusClient';
import { createPrometheusUsageReader } from './createPrometheusUsageReader';

const STEPS = 3;

/** Series of one pod, as Kubernetes service discovery labels them. */
const podSeries = (
  namespace: string,
  pod: string,
  app: string,
  input: number,
  output: number,
  cost: number,
) => {
  const labels = { namespace, pod, app };
  return [
    {
      name: 'llm_tokens_total',
      labels: { ...labels, model: 'openai/gpt-4o', direction: 'input' },
      step: input,
    },
    {
      name: 'llm_tokens_total',
      labels: { ...labels, model: 'openai/gpt-4o', direction: 'output' },
      step: output,
    },
    {
      name: 'llm_cost_dollars_total',
      labels: { ...labels, model: 'openai/gpt-4o' },
      step: cost,
    },
  ];
};

const billing = agentEntity(
  'billing-agent',
  {},
  {
    'backstage.io/kubernetes-namespace': 'ai-agents',
  },
);
const target = (cluster: string, namespace: string, name: string) => ({
  key: `unregistered:${cluster}/${namespace}/${name}`,
  cluster,
  namespace,
  name,
});
const scout = target('sandbox-us', 'research-sandbox', 'paper-scout');
const assistant = target('sandbox-eu', 'kagent', 'k8s-assistant');
// the same namespace and name in another cluster: Prometheus cannot tell them apart
const assistantUs = target('sandbox-us', 'kagent', 'k8s-assistant');
// a prefix of another agent's name, in the same namespace
const paper = target('sandbox-us', 'research-sandbox', 'paper');

// Unregistered agents have no entity: their pods are found by namespace and pod name.
describe('24 h usage of unregistered agents from Prometheus', () => {
  let exporter: Awaited<ReturnType<typeof startMetricsExporter>>;
  let prom: TestPrometheus;

  beforeAll(async () => {
    exporter = await startMetricsExporter(
      [
        ...podSeries(
          'ai-agents',
          'billing-agent-5d8f9c-x2k4q',
          'billing-agent',
          100,
          10,
          1,
        ),
        // two pods of one Deployment
        ...podSeries(
          'research-sandbox',
          'paper-scout-7c9d5b8f4-abcde',
          'paper-scout',
          200,
          20,
          2,
        ),
        ...podSeries(
          'research-sandbox',
          'paper-scout-7c9d5b8f4-fghij',
          'paper-scout',
          300,
          30,
          3,
        ),
        // kagent's pods are all app=kagent
        ...podSeries(
          'kagent',
          'k8s-assistant-6b7f8d9c5-klmno',
          'kagent',
          40,
          4,
          0.5,
        ),
      ],
      { steps: STEPS },
    );
    prom = await startPrometheus([exporter.target]);
    await prom.waitFor(
      `count_over_time(up{instance="${exporter.target}"}[10m])`,
      STEPS + 2,
    );
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
  }, 30_000);

  it.each([[undefined], ['app']])(
    'sums each one by namespace and pod, the catalog agents as before (selectorLabel %s)',
    async selectorLabel => {
      const client = createPrometheusClient({
        baseUrl: prom.baseUrl,
        timeoutMs: 5000,
      });
      const [last] = await client.query(
        `timestamp(up{instance="${exporter.target}"})`,
        Date.now(),
      );
      const to = Math.round(last!.values[0]![1] * 1000);
      const reader = createPrometheusUsageReader(client, selectorLabel);
      const summary = await reader.summary24h([billing], to, [
        scout,
        assistant,
        assistantUs,
        paper,
      ]);
      const usage = (key: string) =>
        summary.get(key)?.map(m => ({
          ...m,
          costUsd: Math.round((m.costUsd ?? NaN) * 1000) / 1000,
        }));
      expect(usage(stringifyEntityRef(billing))).toEqual([
        {
          model: 'openai/gpt-4o',
          inputTokens: 100 * STEPS,
          outputTokens: 10 * STEPS,
          costUsd: 1 * STEPS,
        },
      ]);
      expect(usage(scout.key)).toEqual([
        {
          model: 'openai/gpt-4o',
          inputTokens: 500 * STEPS,
          outputTokens: 50 * STEPS,
          costUsd: 5 * STEPS,
        },
      ]);
      expect(usage(assistant.key)).toEqual([
        {
          model: 'openai/gpt-4o',
          inputTokens: 40 * STEPS,
          outputTokens: 4 * STEPS,
          costUsd: 0.5 * STEPS,
        },
      ]);
      // counted once, for the first cluster listed; the prefix takes nothing
      expect(summary.has(assistantUs.key)).toBe(false);
      expect(summary.has(paper.key)).toBe(false);
      expect([...summary.keys()]).toHaveLength(3);
    },
  );
});
