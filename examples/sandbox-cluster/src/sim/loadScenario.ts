import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { OPTIONAL_GROUPS } from '../api/resources';
import type {
  Scenario,
  ScenarioAgent,
  ScenarioNamespace,
} from './scenarioTypes';

const builtIns = ['demo-eu', 'demo-us', 'small'];

/** Directory of the built-in scenario files. */
// eslint-disable-next-line no-restricted-syntax -- the package runs from source (bin and tests), never bundled
export const scenariosDir = resolve(__dirname, '../../scenarios');

/** Reads a scenario from a built-in name, a YAML path or an object, and checks it. */
export function loadScenario(input: string | Scenario): Scenario {
  let s: Scenario;
  if (typeof input === 'string') {
    const path = builtIns.includes(input)
      ? resolve(scenariosDir, `${input}.yaml`)
      : resolve(input);
    if (!existsSync(path))
      throw new Error(
        `sandbox scenario not found: ${input} (built-ins: ${builtIns.join(
          ', ',
        )})`,
      );
    s = parse(readFileSync(path, 'utf8')) as Scenario;
  } else s = input;
  if (!s || typeof s !== 'object')
    throw new Error('sandbox scenario must be an object');
  for (const g of s.crds ?? [])
    if (!OPTIONAL_GROUPS.includes(g))
      throw new Error(
        `scenario crds: unknown API group ${g} (known: ${OPTIONAL_GROUPS.join(
          ', ',
        )})`,
      );
  for (const a of s.agents ?? []) {
    if (!a.name || !a.namespace)
      throw new Error(
        `scenario agent needs name and namespace: ${JSON.stringify(a)}`,
      );
    const by = a.deployedBy ?? 'agentdeck';
    if (!['agentdeck', 'kagent', 'hand'].includes(by))
      throw new Error(
        `scenario agent ${a.name}: deployedBy must be agentdeck, kagent or hand, got ${by}`,
      );
    if (by === 'kagent' && !(s.crds ?? []).includes('kagent.dev'))
      throw new Error(
        `scenario agent ${a.name} is deployed by kagent: list kagent.dev under crds`,
      );
  }
  return s;
}

/** Namespaces of a scenario, including those its agents live in. */
export function scenarioNamespaces(s: Scenario): ScenarioNamespace[] {
  const out = new Map<string, ScenarioNamespace>();
  for (const n of s.namespaces ?? []) {
    const ns = typeof n === 'string' ? { name: n } : n;
    out.set(ns.name, ns);
  }
  for (const a of allAgents(s))
    if (!out.has(a.namespace)) out.set(a.namespace, { name: a.namespace });
  return [...out.values()];
}

/** Scenario agents plus the synthetic ones from `generate`. */
export function allAgents(s: Scenario): ScenarioAgent[] {
  const out = [...(s.agents ?? [])];
  const g = s.generate;
  if (g && g.agents > 0) {
    const pad = String(g.agents).length;
    for (let i = 0; i < g.agents; i++) {
      out.push({
        name: `synthetic-agent-${String(i).padStart(pad, '0')}`,
        namespace: g.namespace ?? `synthetic-${Math.floor(i / 500)}`,
        type: 'api',
        replicas: g.podsPerAgent ?? 10,
        scaling: { mode: 'none' },
        checks: ['llm_api'],
        models: ['openai/gpt-4o-mini'],
        load: { base: 2 },
        pdb: false,
      });
    }
  }
  return out;
}
