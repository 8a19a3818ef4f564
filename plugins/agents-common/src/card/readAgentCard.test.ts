import { AGENT_CARD_LIMITS, readAgentCard } from './readAgentCard';

const card = {
  name: 'faq-agent',
  description: 'Answers questions from the help centre',
  version: '1.4.2',
  supportedInterfaces: [
    {
      url: 'https://faq.example.com/agent/run',
      protocolBinding: 'https://agentdeck.io/bindings/agent-run/v1',
      protocolVersion: '1.0',
    },
  ],
  capabilities: { streaming: false, pushNotifications: false },
  defaultInputModes: ['text/plain', 'application/json'],
  defaultOutputModes: ['text/plain'],
  skills: [
    {
      id: 'answer-questions',
      name: 'Answer questions',
      description: 'Answers a question',
      tags: ['faq'],
      examples: ['How do I reset my password?'],
    },
  ],
};

describe('readAgentCard', () => {
  it('keeps every field of a complete A2A 1.0 card, with no problems', () => {
    expect(readAgentCard(card)).toEqual({ card });
  });

  it.each([
    ['an array', [card]],
    ['a string', 'faq-agent'],
    ['null', null],
  ])('refuses %s', (_, value) => {
    expect(readAgentCard(value)).toEqual({ error: 'not a JSON object' });
  });

  it('refuses an object without a name', () => {
    expect(readAgentCard({ ...card, name: 42 })).toEqual({
      error: 'not an A2A agent card: it has no name',
    });
  });

  it('leaves out malformed entries and wrongly typed fields, and says what it left out', () => {
    const read = readAgentCard({
      name: 'odd-agent',
      version: 7,
      supportedInterfaces: [
        { url: 'https://a.example/run' },
        'not an interface',
        { url: 'https://b.example/run', protocolBinding: 'JSONRPC' },
      ],
      capabilities: { streaming: 'yes', pushNotifications: true },
      defaultInputModes: ['text/plain', 3, { x: 1 }],
      skills: [{ description: 'no name' }, { id: 'only-id', tags: 'faq' }],
    });
    expect(read).toEqual({
      card: {
        name: 'odd-agent',
        supportedInterfaces: [
          {
            url: 'https://b.example/run',
            protocolBinding: 'JSONRPC',
            protocolVersion: '',
          },
        ],
        capabilities: { pushNotifications: true },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: [],
        skills: [
          {
            id: 'only-id',
            name: 'only-id',
            description: '',
            tags: [],
            examples: [],
          },
        ],
        problems: [
          'supportedInterfaces[0] left out: no protocolBinding',
          'supportedInterfaces[1] left out: no url',
          'skills[0] left out: no name or id',
          'description is missing',
          'version is missing',
        ],
      },
    });
  });

  it('caps counts and lengths, and removes control and bidi-override characters', () => {
    const many = (n: number, f: (i: number) => unknown) =>
      Array.from({ length: n }, (_, i) => f(i));
    const read = readAgentCard({
      ...card,
      name: `evil\u0000\u202Eagent\nname`,
      description: 'd'.repeat(100_000),
      skills: many(500, i => ({
        id: `s${i}`,
        name: `Skill ${i}`,
        description: 'x',
        tags: many(100, j => `t${j}`),
        examples: many(100, j => `e${j}`),
      })),
      defaultOutputModes: many(1000, j => `m${j}`),
    });
    if (!('card' in read)) throw new Error(read.error);
    const c = read.card;
    expect(c.name).toBe('evil agent name');
    expect(c.description).toHaveLength(AGENT_CARD_LIMITS.description + 1);
    expect(c.description?.endsWith('…')).toBe(true);
    expect(c.skills).toHaveLength(AGENT_CARD_LIMITS.skills);
    expect(c.skills[0].tags).toHaveLength(AGENT_CARD_LIMITS.tagsPerSkill);
    expect(c.skills[0].examples).toHaveLength(
      AGENT_CARD_LIMITS.examplesPerSkill,
    );
    expect(c.defaultOutputModes).toHaveLength(AGENT_CARD_LIMITS.modes);
    expect(c.problems).toEqual(['450 more skills not shown']);
  });

  it('reads the one interface of an A2A 0.3 card, saying it is one', () => {
    const { supportedInterfaces, ...rest } = card;
    const read = readAgentCard({
      ...rest,
      url: 'https://faq.example.com/a2a',
      preferredTransport: 'JSONRPC',
      protocolVersion: '0.3.0',
      additionalInterfaces: [
        { url: 'https://faq.example.com/grpc', transport: 'GRPC' },
      ],
    });
    expect(read).toEqual({
      card: {
        ...card,
        supportedInterfaces: [
          {
            url: 'https://faq.example.com/a2a',
            protocolBinding: 'JSONRPC',
            protocolVersion: '0.3.0',
          },
          {
            url: 'https://faq.example.com/grpc',
            protocolBinding: 'GRPC',
            protocolVersion: '0.3.0',
          },
        ],
        problems: ['an A2A 0.3 card (url, preferredTransport)'],
      },
    });
  });
});
