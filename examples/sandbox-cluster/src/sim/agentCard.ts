import type { ProxyAnswer } from '../api/context';
import type { ImageSources } from './imageSources';
import type { PodRuntime } from './podRuntime';
import type { ScenarioAgent, ScenarioCard } from './scenarioTypes';

/** Where agents serve their A2A card, as the scaffolder's agents do. */
export const AGENT_CARD_PATH = '/.well-known/agent-card.json';

const AGENT_RUN = 'https://agentdeck.io/bindings/agent-run/v1';
const QUEUE_BINDING = 'https://agentdeck.io/bindings/redis-list/v1';

/**
 * The demo fleet's cards: descriptions as examples/catalog says them, and a
 * couple of skills each. support-triage-agent runs 1.5.0 while the catalog
 * says 1.4.2, so the demo shows a card that disagrees with the catalog.
 */
const DEMO_CARDS: Record<string, ScenarioCard> = {
  'billing-agent': {
    description:
      'Answers billing questions and drafts invoice corrections over an HTTP API',
    skills: [
      {
        name: 'Answer billing questions',
        description: 'Explains charges, invoices and payment terms',
        tags: ['billing', 'faq'],
        examples: ['Why was I charged twice in March?'],
      },
      {
        name: 'Draft invoice corrections',
        description: 'Proposes a corrected invoice for a disputed line',
        tags: ['billing', 'invoices'],
      },
    ],
  },
  'invoice-reconciler': {
    description: 'Matches payments to invoices from the reconciliation queue',
    skills: [
      {
        name: 'Reconcile payments',
        description: 'Matches an incoming payment to its open invoice',
        tags: ['billing', 'queue'],
      },
      {
        name: 'Flag mismatches',
        description: 'Reports payments no invoice accounts for',
        tags: ['billing'],
      },
    ],
  },
  'support-triage-agent': {
    description:
      'Classifies incoming tickets and proposes answers from past cases',
    version: '1.5.0',
    skills: [
      {
        name: 'Classify tickets',
        description: 'Assigns a queue and a priority to a new ticket',
        tags: ['support', 'triage'],
        examples: ['My dashboard has been blank since this morning'],
      },
      {
        name: 'Propose answers',
        description: 'Drafts a reply from similar solved tickets',
        tags: ['support', 'rag'],
      },
    ],
  },
  'summarizer-agent': {
    description: 'Summarises long ticket threads for hand-over',
    skills: [
      {
        name: 'Summarise threads',
        description: 'Sums up a ticket thread in five lines for the next shift',
        tags: ['support', 'summaries'],
      },
    ],
  },
  'research-orchestrator': {
    description: 'Plans multi-step research tasks and delegates to tools',
    skills: [
      {
        name: 'Plan research',
        description: 'Breaks a question into steps and tools to run',
        tags: ['research', 'planning'],
        examples: ['Compare the three vector databases we evaluated'],
      },
      {
        name: 'Delegate to tools',
        description: 'Runs the steps through the MCP tool server',
        tags: ['research', 'tools'],
      },
    ],
  },
  'doc-embedder': {
    description: 'Embeds new documents on a local GPU model',
    skills: [
      {
        name: 'Embed documents',
        description: 'Turns new documents into vectors for search',
        tags: ['embeddings'],
      },
    ],
  },
  'code-review-agent': {
    description: 'Reviews pull requests and suggests fixes',
    skills: [
      {
        name: 'Review pull requests',
        description: 'Comments on risky changes in a pull request',
        tags: ['code', 'review'],
      },
      {
        name: 'Suggest fixes',
        description: 'Proposes a patch for a failing check',
        tags: ['code'],
      },
    ],
  },
  'incident-copilot': {
    description: 'Follows incidents from the alert stream and drafts updates',
    skills: [
      {
        name: 'Follow incidents',
        description: 'Keeps a timeline of an incident from its alerts',
        tags: ['incidents', 'ops'],
      },
      {
        name: 'Draft status updates',
        description: 'Writes the next update for the status page',
        tags: ['incidents', 'comms'],
      },
    ],
  },
  'local-llm-gateway': {
    description:
      'Serves an open-weights model on the GPU pool for internal agents',
    skills: [
      {
        name: 'Serve completions',
        description: 'Answers chat completions from the local model',
        tags: ['llm', 'gpu'],
      },
    ],
  },
};

const json = (status: number, body: unknown): ProxyAnswer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

/** The image's tag, e.g. `1.4.2` of `registry.example.com/ai/x:1.4.2`. */
function tagOf(image: string | undefined): string | undefined {
  const last = image?.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return tag && !tag.startsWith('sha256') ? tag : undefined;
}

const idOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function defaultCard(a: ScenarioAgent): ScenarioCard {
  const type = a.type ?? 'api';
  return {
    description: `Simulated ${type} agent ${a.name}`,
    skills: [
      {
        name: type === 'worker' ? 'Process tasks' : 'Answer requests',
        description: `Does ${a.name}'s work with ${
          a.models?.[0] ?? 'openai/gpt-4o-mini'
        }`,
        tags: [type],
      },
    ],
  };
}

/**
 * The A2A 1.0 card a simulated agent serves, as the scaffolder's skeleton
 * writes it: the scenario's `card`, else the demo fleet's, else one made up
 * from the agent; its version is the pod image's tag unless the card says.
 */
export function agentCard(rt: PodRuntime): Record<string, unknown> {
  const a = rt.agent.spec;
  const card = a.card ?? DEMO_CARDS[a.name] ?? defaultCard(a);
  const worker = a.type === 'worker';
  return {
    name: a.name,
    description: card.description ?? defaultCard(a).description,
    version: card.version ?? tagOf(rt.image) ?? '1.4.2',
    supportedInterfaces: [
      worker
        ? {
            url: `redis://redis.${a.namespace}:6379/0`,
            protocolBinding: QUEUE_BINDING,
            protocolVersion: '1.0',
            tenant: `${a.name}-tasks`,
          }
        : {
            url: `http://${a.name}.${a.namespace}.svc.cluster.local/agent/run`,
            protocolBinding: AGENT_RUN,
            protocolVersion: '1.0',
          },
    ],
    capabilities: { streaming: false, pushNotifications: false },
    defaultInputModes: ['text/plain', 'application/json'],
    defaultOutputModes: ['text/plain'],
    skills: (card.skills ?? []).map(s => ({
      id: s.id ?? idOf(s.name),
      name: s.name,
      description: s.description,
      tags: s.tags?.length ? s.tags : [a.type ?? 'api'],
      examples: s.examples ?? [],
    })),
  };
}

/**
 * Credentials a hostile agent's card carries in its interface URLs and
 * texts. A backend test asserts none reach an answer; fragments are listed
 * too, so a half-masked one also fails.
 * @public
 */
export const hostileCardSecrets: readonly string[] = [
  'CardUserPw!77',
  'CardUserPw',
  'QueueSecret-991',
  'sk-cardLeakABCDEF0123456789',
  'cardLeakABCDEF0123456789',
];

/** What a hostile agent answers on its card path, or undefined when its card is honest. */
function hostileCard(rt: PodRuntime): ProxyAnswer | undefined {
  switch (rt.agent.hostile?.card) {
    case 'hang':
      return { status: 0, contentType: '', body: '', hang: true };
    case 'huge':
      return json(200, {
        ...agentCard(rt),
        padding: 'x'.repeat(2 * 1024 * 1024),
      });
    case 'garbage':
      return {
        status: 200,
        contentType: 'application/json',
        body: '{"name": "half a card", "skills": [\u0000\u0001 not json',
      };
    case 'secrets': {
      const honest = agentCard(rt);
      return json(200, {
        ...honest,
        description: `Calls the LLM with key sk-cardLeakABCDEF0123456789\u0000\u202e and more`,
        supportedInterfaces: [
          {
            url: `https://svc:CardUserPw!77@${rt.agent.spec.name}.example.com/agent/run`,
            protocolBinding: AGENT_RUN,
            protocolVersion: '1.0',
          },
          {
            url: 'redis://:QueueSecret-991@redis.queues:6379/0',
            protocolBinding: QUEUE_BINDING,
            protocolVersion: '1.0',
          },
        ],
        // more skills than anyone shows, the first with a name far too long
        skills: Array.from({ length: 80 }, (_, i) => ({
          id: `skill-${i}`,
          name: i === 0 ? `Skill ${'n'.repeat(5000)}` : `Skill ${i}`,
          description: `Does thing ${i}`,
          tags: ['hostile'],
        })),
      });
    }
    default:
      return undefined;
  }
}

/**
 * The card answer of a running pod: hostile, else the card its image was built
 * with when `sources` builds it from a local repository, else the simulated one.
 */
export function cardAnswer(
  rt: PodRuntime,
  sources?: ImageSources,
): ProxyAnswer {
  const hostile = hostileCard(rt);
  if (hostile) return hostile;
  const built = sources?.card(rt.image);
  if (built !== undefined)
    return { status: 200, contentType: 'application/json', body: built };
  return json(200, agentCard(rt));
}
