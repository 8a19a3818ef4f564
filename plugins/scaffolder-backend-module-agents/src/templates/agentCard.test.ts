import { ClientFactory, DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readAgentCard } from '@agentdeck/plugin-agents-common';
import { a2aCardProblems } from '../__testUtils__/a2aCard';
import {
  AgentProcess,
  portOf,
  startAgent,
  startFakeLlm,
} from '../__testUtils__/agentProcess';
import { parseSamples, samplesOf } from '../__testUtils__/prometheusText';
import {
  dryRunFiles,
  dryRunTemplate,
  startScaffolderBackend,
  writeFiles,
} from '../__testUtils__/scaffolderDryRun';
import { TEMPLATE_BASE_VALUES as common } from '../__testUtils__/templateCases';

jest.setTimeout(60_000);

const AGENT_RUN = 'https://agentdeck.io/bindings/agent-run/v1';

const httpForm = {
  ...common,
  name: 'faq-agent',
  description: 'Answers "frequently asked" questions from the help centre',
  namespace: 'ai-agents',
  imageRepository: 'ghcr.io/acme/faq-agent',
  imageTag: '1.4.2',
  provider: 'azure-openai',
  profile: 'api',
  checks: ['llm_api'],
  minReplicas: 1,
  maxReplicas: 3,
  target: 4,
  ingressHost: 'faq.example.com',
  proxyTimeoutSeconds: 300,
  skills: [
    {
      name: 'Answer questions',
      description: 'Answers a question from the help centre articles',
      tags: ['faq', 'support'],
      examples: ['How do I reset my password?', 'Where is my invoice?'],
    },
    {
      name: 'Summarize tickets',
      description: 'Summarizes a support ticket in three lines',
    },
  ],
};

const workerForm = {
  ...common,
  name: 'invoice-reconciler',
  namespace: 'ai-agents',
  imageRepository: 'ghcr.io/acme/invoice-reconciler',
  imageTag: '2.0.1',
  profile: 'api',
  checks: ['llm_api', 'queue'],
  minReplicas: 1,
  maxReplicas: 4,
  target: 5,
  queueAddress: 'redis://redis.queues:6379/2',
  queueName: 'invoices',
};

let server: Awaited<ReturnType<typeof startScaffolderBackend>>;
beforeAll(async () => {
  server = await startScaffolderBackend();
});

/** A template's repository as the scaffolder generates it from `form`. */
async function generate(template: string, form: Record<string, unknown>) {
  const res = await dryRunTemplate(server, template, form);
  expect(res.status).toBe(200);
  expect(
    res.body.steps.filter((s: { status: string }) => s.status === 'failed'),
  ).toEqual([]);
  return dryRunFiles(res.body);
}

describe('a generated HTTP agent, live under uvicorn', () => {
  const llmState = { delayMs: 0, received: [], answered: [] };
  let dir: string;
  let llm: Server;
  let running: AgentProcess;

  beforeAll(async () => {
    const files = await generate('agent-http-api', httpForm);
    dir = await mkdtemp(join(tmpdir(), 'agentdeck-card-'));
    await writeFiles(dir, files);
    llm = await startFakeLlm(llmState);
    // The environment the Deployment gives it: the rendered ConfigMap, the LLM faked.
    const config = parse(files.get('deploy/base/configmap.yaml') ?? '');
    running = await startAgent(dir, {
      ...config.data,
      LLM_BASE_URL: `http://127.0.0.1:${portOf(llm)}/v1`,
      LLM_API_KEY: 'test-key',
    });
  });

  afterAll(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    if (llm) await new Promise(r => llm.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves an A2A 1.0 card that the A2A SDK reads, holding the form's name, description, version and skills", async () => {
    const card = await new DefaultAgentCardResolver().resolve(running.base);

    expect(a2aCardProblems(card)).toEqual([]);
    expect(card).toMatchObject({
      name: 'faq-agent',
      description: httpForm.description,
      version: '1.4.2',
      capabilities: { streaming: false, pushNotifications: false },
      supportedInterfaces: [
        {
          url: 'https://faq.example.com/agent/run',
          protocolBinding: AGENT_RUN,
          protocolVersion: '1.0',
        },
      ],
    });
    expect(card.skills).toEqual([
      {
        id: 'answer-questions',
        name: 'Answer questions',
        description: 'Answers a question from the help centre articles',
        tags: ['faq', 'support'],
        examples: ['How do I reset my password?', 'Where is my invoice?'],
      },
      {
        id: 'summarize-tickets',
        name: 'Summarize tickets',
        description: 'Summarizes a support ticket in three lines',
        tags: ['api'],
        examples: [],
      },
    ]);
  });

  it("is read by AgentDeck's card reader (the backend's) with nothing left out or cut", async () => {
    const served = await (
      await fetch(`${running.base}/.well-known/agent-card.json`)
    ).json();
    const shown = [
      'name',
      'description',
      'version',
      'supportedInterfaces',
      'capabilities',
      'defaultInputModes',
      'defaultOutputModes',
      'skills',
    ];
    expect(readAgentCard(served)).toEqual({
      card: Object.fromEntries(shown.map(key => [key, served[key]])),
    });
  });

  it('offers A2A clients no standard transport, since /agent/run is not one', async () => {
    const card = await new DefaultAgentCardResolver().resolve(running.base);
    await expect(new ClientFactory().createFromAgentCard(card)).rejects.toThrow(
      /No compatible transport found/,
    );
  });

  it('answers a revalidation of an unchanged card with 304', async () => {
    const url = `${running.base}/.well-known/agent-card.json`;
    const first = await fetch(url);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('after one task, /metrics counts its tokens under the current OpenTelemetry GenAI names only', async () => {
    const run = await fetch(`${running.base}/agent/run`, {
      method: 'POST',
      body: JSON.stringify({ input: 'hi' }),
    });
    expect(run.status).toBe(200);
    const samples = parseSamples(
      await (await fetch(`${running.base}/metrics`)).text(),
    );
    // the fake LLM answers every completion with 12 prompt and 3 completion
    // tokens, modality not broken down
    for (const [direction, tokens] of [
      ['input', 12],
      ['output', 3],
    ] as const) {
      const current = samplesOf(
        samples,
        `gen_ai_client_inference_usage_${direction}_tokens_total`,
        {
          gen_ai_operation_name: 'chat',
          gen_ai_provider_name: 'azure.ai.openai',
          gen_ai_request_model: 'gpt-4o-mini',
          gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
          gen_ai_token_modality: 'unknown',
        },
      );
      expect(current.map(s => s.value)).toEqual([tokens]);
    }
    expect(
      samples.filter(s =>
        /^(llm_tokens_total|gen_ai_client_token_usage)/.test(s.name),
      ),
    ).toEqual([]);
    expect(
      samplesOf(samples, 'llm_cost_dollars_total', { model: 'gpt-4o-mini' }),
    ).toHaveLength(1);
  });
});

describe('the card of a generated worker', () => {
  it('declares the queue it takes tasks from, and its description as its one skill when the form names none', async () => {
    const files = await generate('agent-queue-worker', workerForm);
    const card = new DefaultAgentCardResolver().normalizeAgentCard(
      JSON.parse(files.get('agent-card.json') ?? ''),
    );
    expect(a2aCardProblems(card)).toEqual([]);
    expect(card.version).toBe('2.0.1');
    expect(card.supportedInterfaces).toEqual([
      {
        url: 'redis://redis.queues:6379/2',
        protocolBinding: 'https://agentdeck.io/bindings/redis-list/v1',
        protocolVersion: '1.0',
        tenant: 'invoices',
      },
    ]);
    expect(card.skills).toEqual([
      {
        id: 'invoice-reconciler',
        name: 'invoice-reconciler',
        description: common.description,
        tags: ['worker'],
        examples: [],
      },
    ]);
  });
});

describe('the Skills form field', () => {
  const skill = { name: 'Answer questions', description: 'Answers' };

  it.each([
    ['skills.0.name', 'a newline', { ...skill, name: 'Answer\nquestions' }],
    [
      'skills.0.description',
      'a newline',
      { ...skill, description: 'Answers\n"}, "x": {' },
    ],
    ['skills.0.tags.0', 'a space', { ...skill, tags: ['FAQ topics'] }],
    [
      'skills.0.examples.0',
      'a newline',
      { ...skill, examples: ['line one\nline two'] },
    ],
    [
      'skills.0.examples.0',
      '301 characters',
      { ...skill, examples: ['x'.repeat(301)] },
    ],
  ])('refuses %s with %s before anything runs', async (path, _, value) => {
    const res = await dryRunTemplate(server, 'agent-http-api', {
      ...httpForm,
      skills: [value],
    });
    expect(res.status).toBe(400);
    expect(
      res.body.errors.map((e: { path: unknown[] }) => e.path.join('.')),
    ).toEqual([path]);
  });

  it('writes every value into agent-card.json encoded, even past a form without patterns', async () => {
    const stripPatterns = (node: any): any => {
      if (Array.isArray(node)) return node.map(stripPatterns);
      if (node && typeof node === 'object')
        return Object.fromEntries(
          Object.entries(node)
            .filter(([k]) => k !== 'pattern')
            .map(([k, v]) => [k, stripPatterns(v)]),
        );
      return node;
    };
    const hostile = {
      name: 'Quote " and \\ and </script>',
      description: 'Line one\n"}], "skills": [], "x": {"',
      tags: ['a"b', 'c\nd'],
      examples: ['${{ parameters.name }}', '{% raw %}'],
    };
    const description = 'Answers\n", "version": "9.9.9';
    const res = await dryRunTemplate(
      server,
      'agent-http-api',
      { ...httpForm, description, skills: [hostile] },
      template => {
        template.spec.parameters = stripPatterns(template.spec.parameters);
      },
    );
    expect(res.status).toBe(200);
    const card = JSON.parse(dryRunFiles(res.body).get('agent-card.json') ?? '');
    expect(card.description).toBe(description);
    expect(card.version).toBe('1.4.2');
    expect(card.skills).toEqual([
      {
        id: 'quote-"-and-\\-and-</script>',
        ...hostile,
      },
    ]);
  });
});
