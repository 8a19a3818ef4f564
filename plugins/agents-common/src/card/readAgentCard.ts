import {
  AgentCard,
  AgentCardCapabilities,
  AgentCardInterface,
  AgentCardSkill,
} from '../rest/card';

/**
 * How much of an agent's A2A card is kept: entries past a count and text past
 * a length are cut, so whatever an agent serves, what is kept and shown stays
 * small. @public
 */
export const AGENT_CARD_LIMITS = {
  interfaces: 8,
  skills: 50,
  tagsPerSkill: 12,
  examplesPerSkill: 5,
  modes: 12,
  problems: 20,
  name: 200,
  description: 1000,
  version: 64,
  url: 500,
  protocolBinding: 200,
  protocolVersion: 32,
  tenant: 200,
  skillId: 128,
  skillName: 200,
  skillDescription: 500,
  tag: 64,
  example: 300,
  mode: 100,
} as const;

/** What {@link readAgentCard} made of a parsed JSON value. @public */
export type AgentCardReading = { card: AgentCard } | { error: string };

type Json = Record<string, unknown>;

const L = AGENT_CARD_LIMITS;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Plain single-line text: control and bidirectional-override characters out,
 * spaces collapsed, cut to `max` characters. Anything but a string is absent.
 */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // cut first, so a huge value costs little
  const s = value
    .slice(0, max * 2 + 16)
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return undefined;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Up to `max` entries of a list, telling `problems` how many more there were. */
function capped<T>(
  value: unknown,
  max: number,
  what: string,
  problems: string[],
): T[] {
  if (!Array.isArray(value)) return [];
  if (value.length > max)
    problems.push(`${value.length - max} more ${what} not shown`);
  return value.slice(0, max) as T[];
}

function texts(value: unknown, count: number, max: number): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value.slice(0, count)) {
    const t = text(v, max);
    if (t !== undefined) out.push(t);
  }
  return out;
}

function readInterfaces(o: Json, problems: string[]): AgentCardInterface[] {
  let list: unknown = o.supportedInterfaces;
  // an A2A 0.3 card: one url and its transport at the top
  if (!Array.isArray(list) && typeof o.url === 'string') {
    problems.push('an A2A 0.3 card (url, preferredTransport)');
    list = [
      {
        url: o.url,
        protocolBinding: o.preferredTransport ?? 'JSONRPC',
        protocolVersion: o.protocolVersion ?? '0.3',
      },
      ...(Array.isArray(o.additionalInterfaces)
        ? o.additionalInterfaces.map(i =>
            isObject(i)
              ? {
                  url: i.url,
                  protocolBinding: i.transport,
                  protocolVersion: o.protocolVersion ?? '0.3',
                }
              : i,
          )
        : []),
    ];
  }
  if (!Array.isArray(list) || list.length === 0)
    problems.push('supportedInterfaces is missing');
  const out: AgentCardInterface[] = [];
  capped(list, L.interfaces, 'interfaces', problems).forEach((item, i) => {
    const it = isObject(item) ? item : {};
    const url = text(it.url, L.url);
    const protocolBinding = text(it.protocolBinding, L.protocolBinding);
    if (!url || !protocolBinding) {
      problems.push(
        `supportedInterfaces[${i}] left out: no ${
          url ? 'protocolBinding' : 'url'
        }`,
      );
      return;
    }
    const entry: AgentCardInterface = {
      url,
      protocolBinding,
      protocolVersion: text(it.protocolVersion, L.protocolVersion) ?? '',
    };
    const tenant = text(it.tenant, L.tenant);
    if (tenant) entry.tenant = tenant;
    out.push(entry);
  });
  return out;
}

function readSkills(o: Json, problems: string[]): AgentCardSkill[] {
  if (!Array.isArray(o.skills) || o.skills.length === 0)
    problems.push('skills is missing');
  const out: AgentCardSkill[] = [];
  capped(o.skills, L.skills, 'skills', problems).forEach((item, i) => {
    const s = isObject(item) ? item : {};
    const id = text(s.id, L.skillId);
    const name = text(s.name, L.skillName) ?? id;
    if (!name) {
      problems.push(`skills[${i}] left out: no name or id`);
      return;
    }
    out.push({
      id: id ?? name,
      name,
      description: text(s.description, L.skillDescription) ?? '',
      tags: texts(s.tags, L.tagsPerSkill, L.tag),
      examples: texts(s.examples, L.examplesPerSkill, L.example),
    });
  });
  return out;
}

function readCapabilities(value: unknown): AgentCardCapabilities {
  const c = isObject(value) ? value : {};
  const out: AgentCardCapabilities = {};
  for (const key of [
    'streaming',
    'pushNotifications',
    'extendedAgentCard',
  ] as const)
    if (typeof c[key] === 'boolean') out[key] = c[key] as boolean;
  return out;
}

/**
 * Reads a parsed A2A 1.0 agent card (`/.well-known/agent-card.json`) as
 * AgentDeck keeps and shows it: the fields it shows, each checked, with
 * counts and lengths capped and control characters removed. A card needs a
 * name; anything else missing or malformed is left out and listed in
 * `problems`. Nothing here masks credentials: callers that show URLs do.
 * @public
 */
export function readAgentCard(value: unknown): AgentCardReading {
  if (!isObject(value)) return { error: 'not a JSON object' };
  const problems: string[] = [];
  const name = text(value.name, L.name);
  if (!name) return { error: 'not an A2A agent card: it has no name' };
  const card: AgentCard = {
    name,
    supportedInterfaces: readInterfaces(value, problems),
    capabilities: readCapabilities(value.capabilities),
    defaultInputModes: texts(value.defaultInputModes, L.modes, L.mode),
    defaultOutputModes: texts(value.defaultOutputModes, L.modes, L.mode),
    skills: readSkills(value, problems),
  };
  const description = text(value.description, L.description);
  if (description) card.description = description;
  else problems.push('description is missing');
  const version = text(value.version, L.version);
  if (version) card.version = version;
  else problems.push('version is missing');
  if (problems.length)
    card.problems = problems.slice(0, L.problems).map(p => p.slice(0, 200));
  return { card };
}
