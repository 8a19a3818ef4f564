const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Seeded pseudo-random numbers (mulberry32), so a scenario replays identically. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Random name suffix from the alphabet Kubernetes uses (no vowels). */
  suffix(len = 5): string {
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  hex(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  uid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${
      '89ab'[this.int(4)]
    }${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

// The controllers hash every Deployment's template on each reconcile: the same few strings.
const hashes = new Map<string, string>();

/** Stable short hash in the pod-template-hash alphabet (FNV-1a based). */
export function templateHash(s: string): string {
  let out = hashes.get(s);
  if (out === undefined) {
    if (hashes.size >= 1000) hashes.clear();
    out = computeHash(s);
    hashes.set(s, out);
  }
  return out;
}

function computeHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++)
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  let h2 = h ^ 0x5bd1e995;
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += alphabet[(i % 2 ? h2 : h) % alphabet.length];
    h = Math.floor(h / alphabet.length) + (h2 & 0xff) * 7919;
    h2 = (Math.imul(h2, 31) + i) >>> 0;
  }
  return out;
}

/** RFC 3339 without fractional seconds, as metav1.Time serialises. */
export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Microsecond timestamp, as metav1.MicroTime serialises. */
export const microTime = (d: Date) =>
  d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
