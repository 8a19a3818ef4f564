import { parseEntityRef } from '@backstage/catalog-model';

/** 1234567 -> "1.2M"; small numbers stay exact. */
export function formatTokens(n: number): string {
  if (n >= 1e9) return `${trim(n / 1e9)}B`;
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(Math.round(n));
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '');
}

/** Dollars with cents, or more precision for sub-cent amounts. */
export function formatUsd(n: number): string {
  if (n > 0 && n < 0.01) return `$${n.toFixed(4)}`;
  return `$${n.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

/** Seconds -> "12 s ago", "3 min ago", "2 h ago". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** A short, readable time of day or date for chart labels and lists. */
export function formatTime(iso: string, withDate = false): string {
  const d = new Date(iso);
  const time = d.toISOString().slice(11, 16);
  return withDate ? `${d.toISOString().slice(5, 10)} ${time}` : time;
}

/** "group:default/billing-team" -> "billing-team"; anything unparsable stays. */
export function shortRef(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/** "3 pods" / "1 pod". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
