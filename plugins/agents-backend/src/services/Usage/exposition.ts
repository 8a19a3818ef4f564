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
  /** Set when the page broke a limit; parsing stopped there. */
  rejected?: 'too-many-series' | 'too-many-labels' | 'label-too-long';
}

/** What one page may hold, so a hostile page costs little to read. @public */
export interface ExpositionLimits {
  maxSeries: number;
  maxLabels: number;
  maxLabelValueLength: number;
}

/** Options of {@link parseExposition}. @public */
export interface ParseOptions {
  /** Only samples of these metric names are parsed; other lines are skipped unread. */
  names?: ReadonlySet<string>;
  limits?: ExpositionLimits;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;

const sticky = (re: RegExp, text: string, at: number) => {
  re.lastIndex = at;
  return re.exec(text)?.[0];
};

function unescapeLabel(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(raw: string): number {
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

type Limited = ExpositionLimits | undefined;
type LabelResult =
  | { labels: Record<string, string>; end: number }
  | Exposition['rejected'];

// Labels are parsed by hand: a quoted value may contain `,`, `}` and `\"`.
function parseLabels(
  text: string,
  start: number,
  limits: Limited,
): LabelResult | undefined {
  const labels: Record<string, string> = {};
  let count = 0;
  let i = start;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = sticky(LABEL_NAME, text, i);
    if (!name) return undefined;
    if (limits && ++count > limits.maxLabels) return 'too-many-labels';
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return undefined;
    const from = i + 2;
    i = from;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (text[i] !== '"') return undefined;
    // escapes make the raw text at most twice the value
    if (limits && i - from > limits.maxLabelValueLength) {
      const value = unescapeLabel(text.slice(from, i));
      if (value.length > limits.maxLabelValueLength) return 'label-too-long';
    }
    labels[name] = unescapeLabel(text.slice(from, i));
    i++;
  }
}

function parseLine(
  line: string,
  opts: ParseOptions,
): ExpositionSample | Exposition['rejected'] {
  const name = sticky(NAME, line, 0);
  if (!name || (opts.names && !opts.names.has(name))) return undefined;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest, 1, opts.limits);
    if (typeof parsed === 'string' || !parsed) return parsed;
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
 * one odd metric must not hide the token counters. With `limits`, a page that
 * breaks one is rejected as a whole.
 * @public
 */
export function parseExposition(
  text: string,
  opts: ParseOptions = {},
): Exposition {
  const samples: ExpositionSample[] = [];
  const types: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      const wanted = (f: string) =>
        !opts.names || opts.names.has(f) || opts.names.has(`${f}_sum`);
      if (m?.[1] && m[2] && wanted(m[1])) types[m[1]] = m[2];
      continue;
    }
    const sample = parseLine(line, opts);
    if (typeof sample === 'string') return { samples, types, rejected: sample };
    if (!sample) continue;
    if (opts.limits && samples.length >= opts.limits.maxSeries) {
      return { samples, types, rejected: 'too-many-series' };
    }
    samples.push(sample);
  }
  return { samples, types };
}
