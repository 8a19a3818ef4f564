/**
 * Annotations of template versions: on a `Template` entity its current
 * `version` and `changelog`; on an `Agent` entity the `template` (entity ref)
 * and `version` that created it. @public
 */
export const TEMPLATE_ANNOTATIONS = {
  template: 'agentdeck.io/template',
  version: 'agentdeck.io/template-version',
  changelog: 'agentdeck.io/template-changelog',
} as const;

/** Where a generated repository records its template, version and inputs, relative to its root. @public */
export const TEMPLATE_RECORD_PATH = '.agentdeck/template.json';

/**
 * The form value that runs an agent template as an update proposal for an
 * agent it created: set (to `true`) in the form data the Agent tab's
 * "Propose update" opens the template with, next to the inputs the agent's
 * repository records. The record step leaves it out of the recorded inputs. @public
 */
export const TEMPLATE_UPDATE_PARAMETER = 'agentdeckUpdate';

/** One version's entry of a template's changelog. @public */
export interface TemplateChange {
  version: number;
  /** What changed, in a line or two. */
  text: string;
}

/**
 * A template version annotation as a number: a positive integer, written
 * `"3"` (or `"v3"`); anything else is undefined. @public
 */
export function parseTemplateVersion(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*v?([1-9][0-9]{0,8})\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * The changelog annotation's entries, newest first: one line per version,
 * `v<N>: what changed` (a line that starts otherwise continues the entry
 * above it). @public
 */
export function parseTemplateChangelog(value: unknown): TemplateChange[] {
  if (typeof value !== 'string') return [];
  const entries = new Map<number, string>();
  let last: number | undefined;
  for (const raw of value.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^v?([1-9][0-9]{0,8})\s*:\s*(.*)$/.exec(line);
    if (m) {
      last = Number(m[1]);
      entries.set(last, m[2]);
    } else if (last !== undefined) {
      entries.set(last, `${entries.get(last)} ${line}`.trim());
    }
  }
  return [...entries]
    .map(([version, text]) => ({ version, text }))
    .sort((a, b) => b.version - a.version);
}

/** What created an agent and how far its template has moved since. @public */
export interface AgentTemplateInfo {
  /** The Template's entity ref, as the agent records it. */
  template: string;
  /** The Template's title; absent when the catalog does not show it to the caller. */
  title?: string;
  /** The version that created the agent. */
  version: number;
  /** The template's version now; absent when the catalog does not show it or it has none. */
  current?: number;
  /** `current` is newer than `version`. */
  behind: boolean;
  /** The changelog entries after `version` up to `current`, newest first. */
  changes: TemplateChange[];
  /**
   * The form inputs the repository records (`.agentdeck/template.json`),
   * what "Propose update" fills the template's form with; absent when the
   * repository cannot be read. Never secrets: the record step leaves them out.
   */
  inputs?: Record<string, unknown>;
}

/**
 * `GET /entities/:namespace/:name/template`: `template` is absent when the
 * agent records no template (it was not created from one, or before
 * templates had versions). @public
 */
export interface AgentTemplateResponse {
  template?: AgentTemplateInfo;
}

/** An overview row's template: its ref, the agent's version and the current one. @public */
export interface OverviewAgentTemplate {
  /** The Template's entity ref. */
  name: string;
  version: number;
  current?: number;
  behind: boolean;
}
