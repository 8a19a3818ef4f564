/** One sample line of the Prometheus text exposition format. @public */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed `/metrics` page: samples plus the declared type per family. @public */
export interface Exposition {
  samples: ExpositionSample[];
  types: Record<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function unescapeLabel(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(raw: string): number {
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

// Labels are parsed by hand: a quoted value may contain `,`, `}` and `\"`.
function parseLabels(text: string, start: number) {
  const labels: Record<string, string> = {};
  let i = start;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) return undefined;
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return undefined;
    i += 2;
    let raw = '';
    while (i < text.length && text[i] !== '"') {
      raw += text[i] === '\\' ? text[i++] + (text[i] ?? '') : text[i];
      i++;
    }
    if (text[i] !== '"') return undefined;
    labels[name] = unescapeLabel(raw);
    i++;
  }
}

function parseLine(line: string): ExpositionSample | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest, 1);
    if (!parsed) return undefined;
    labels = parsed.labels;
    rest = rest.slice(parsed.end);
  }
  // The value may be followed by a timestamp, which we do not need.
  const value = parseValue(rest.trim().split(/\s+/)[0] ?? '');
  return Number.isNaN(value) ? undefined : { name, labels, value };
}

/**
 * Parses the Prometheus text exposition format (0.0.4, and the OpenMetrics
 * lines it shares). Malformed lines are skipped rather than failing the page:
 * one odd metric must not hide the token counters.
 * @public
 */
export function parseExposition(text: string): Exposition {
  const samples: ExpositionSample[] = [];
  const types: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m?.[1] && m[2]) types[m[1]] = m[2];
      continue;
    }
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return { samples, types };
}
