import { performance } from 'node:perf_hooks';
import {
  AGENT_ENVIRONMENTS,
  AgentSpecInput,
  parseAgentSpec,
  renderEnvironmentObjects,
  renderManifestFiles,
} from '@agentdeck/plugin-scaffolder-backend-module-agents';
import { percentiles, Percentiles } from './stats';

type Workload = AgentSpecInput['workload'];

// The four shapes the bench renders: each workload, each scaling mode, both
// secret forms and the local-model profile.
const SHAPES: Array<[string, AgentSpecInput['profile'], Workload]> = [
  ['httpApi', 'api', 'http'],
  ['redisWorker', 'embeddings', 'redis-worker'],
  ['natsWorker', 'orchestrator', 'nats-worker'],
  ['localModel', 'local-model', 'http'],
];

const QUEUES: Partial<Record<Workload, AgentSpecInput['queue']>> = {
  'redis-worker': { kind: 'redis', address: 'redis://redis:6379/0', name: 'q' },
  'nats-worker': {
    kind: 'nats-jetstream',
    address: 'nats://nats:4222',
    name: 'tasks',
    consumer: 'bench',
  },
};

/** A spec of one shape, built here: the module's sample specs are test data, not an export. */
function benchSpec(
  i: number,
  profile: AgentSpecInput['profile'],
  workload: Workload,
): AgentSpecInput {
  const name = `bench-agent-${i}`;
  const local = profile === 'local-model';
  const queue = QUEUES[workload];
  let scaling: AgentSpecInput['scaling'] = {
    mode: 'hpa',
    minReplicas: 2,
    maxReplicas: 10,
  };
  if (queue) scaling = { mode: 'keda', minReplicas: 1, maxReplicas: 6 };
  if (local) scaling = { mode: 'none', minReplicas: 2, maxReplicas: 2 };
  const dependencies: Record<string, string> = queue
    ? { queue: queue.address }
    : { database: `postgresql://${name}-db:5432/app` };
  if (local) dependencies.model_loaded = 'http://127.0.0.1:8001/v1/models';
  return {
    name,
    namespace: 'bench-agents',
    profile,
    workload,
    image: `registry.example.com/bench/${name}:1.${i}.0`,
    models: [
      local
        ? { provider: 'local', name: 'llama-3.1-8b' }
        : { provider: 'openai', name: 'gpt-4o-mini' },
    ],
    scaling,
    checks: [local ? 'gpu' : 'llm_api', ...Object.keys(dependencies)],
    dependencies,
    egressHosts: local ? [] : ['api.openai.com'],
    ...(queue ? { queue, longestTaskSeconds: 60 * (i + 1) } : {}),
    ...(workload === 'http' ? { ingress: { host: `${name}.bench.test` } } : {}),
    secrets:
      i % 2 === 0
        ? { store: 'bench-secrets', remoteKey: `bench/${name}` }
        : { existingSecret: `${name}-llm` },
    environments: i === 0 ? [...AGENT_ENVIRONMENTS] : ['dev', 'production'],
  };
}

const BENCH_SPECS = Object.fromEntries(
  SHAPES.map(([key, profile, workload], i) => [
    key,
    benchSpec(i, profile, workload),
  ]),
);

/** Render time of one agent's whole manifest set (base files, overlays and per-environment objects). */
export interface ScaffolderResult {
  spec: string;
  renders: number;
  files: number;
  bytes: number;
  perRender: Percentiles;
  rendersPerSecond: number;
}

/** Times N full renders per sample spec. */
export function measureScaffolder(renders = 500): ScaffolderResult[] {
  return Object.entries(BENCH_SPECS).map(([name, input]) => {
    const spec = parseAgentSpec(input);
    const renderAll = () => {
      const files = renderManifestFiles(spec);
      for (const env of spec.environments) renderEnvironmentObjects(spec, env);
      return files;
    };
    for (let i = 0; i < 20; i++) renderAll();
    const samples: number[] = [];
    let files: Record<string, string> = {};
    const t = performance.now();
    for (let i = 0; i < renders; i++) {
      const s = performance.now();
      files = renderAll();
      samples.push(performance.now() - s);
    }
    const total = performance.now() - t;
    return {
      spec: name,
      renders,
      files: Object.keys(files).length,
      bytes: Object.values(files).reduce((n, c) => n + c.length, 0),
      perRender: percentiles(samples),
      rendersPerSecond: Math.round((renders * 1000) / total),
    };
  });
}
