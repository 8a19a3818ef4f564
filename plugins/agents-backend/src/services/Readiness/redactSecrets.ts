const MASK = '***';

// A credential's name, alone or inside a longer one (DB_PASSWORD, x-api-key,
// client_secret). Bounded, so a long run of word characters stays linear.
const KEY = String.raw`[A-Za-z0-9_.-]{0,40}?(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|authorization|credentials?|cookie|session[_-]?(?:id|key)|signature)[A-Za-z0-9_.-]{0,40}`;
const SEPARATOR = String.raw`\s*(?::|=>|=|%3[dD])\s*`;
const VALUE = [
  String.raw`"(?:[^"\\]|\\.){0,512}"`,
  String.raw`'(?:[^'\\]|\\.){0,512}'`,
  String.raw`(?:bearer|basic|digest|token)\s+[^\s"',;&]{1,512}`,
  String.raw`[^\s"'&<>]{1,512}`,
].join('|');
const KEY_VALUE = new RegExp(
  `(["']?)(${KEY})\\1(${SEPARATOR})(${VALUE})`,
  'gi',
);

function maskValue(value: string): string {
  if (value.startsWith('"')) return `"${MASK}"`;
  if (value.startsWith("'")) return `'${MASK}'`;
  const scheme = /^(bearer|basic|digest|token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}

// Vendor token shapes that are secret wherever they appear; the prefix says
// what kind of credential it was and is kept.
const TOKEN_SHAPES: RegExp[] = [
  /\b(gh[pousr]_)[A-Za-z0-9]{20,}/g,
  /\b(github_pat_)[A-Za-z0-9_]{20,}/g,
  /\b(glpat-)[A-Za-z0-9_-]{20,}/g,
  /\b(sk-)[A-Za-z0-9_-]{16,}/g,
  /\b([rs]k_(?:live|test)_)[A-Za-z0-9]{16,}/g,
  /\b(xox[abposr]-)[A-Za-z0-9-]{10,}/g,
  /\b(hf_)[A-Za-z0-9]{30,}/g,
  /\b(npm_)[A-Za-z0-9]{36,}/g,
  /\b(AIza)[0-9A-Za-z_-]{35,}/g,
  /\b((?:AKIA|ASIA))[A-Z0-9]{16}\b/g,
  // a JWT (base64url header, payload, signature), also when cut short
  /\b(eyJ)[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g,
];

/**
 * Agents often echo a failing dependency's connection string, header or
 * environment; its credentials must not reach the browser, so they are masked
 * before anything is kept. Masking errs on the side of hiding too much.
 */
export function redactSecrets(value: string): string {
  let out = value
    .replace(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
      MASK,
    )
    // user info of a URL; greedy to the last @, as a password may hold / and @
    .replace(/\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s"'<>]{1,512}@/gi, `$1${MASK}@`)
    // user:password@host without a scheme
    .replace(
      /(^|[\s"'(=,;])[^\s:@/"'(]{1,64}:(?!\/)[^\s"']{1,512}@(?=[A-Za-z0-9[])/g,
      `$1${MASK}@`,
    )
    .replace(
      KEY_VALUE,
      (_m, q: string, key: string, sep: string, v: string) =>
        `${q}${key}${q}${sep}${maskValue(v)}`,
    )
    .replace(
      /(?<![\w-])(--?(?:password|passwd|pwd|token|secret|api-?key)[ =]\s*)\S+/gi,
      `$1${MASK}`,
    )
    .replace(/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`)
    .replace(
      /\b(basic)\s+(?=[A-Za-z0-9+/]*[0-9=])[A-Za-z0-9+/]{8,}={0,2}/gi,
      `$1 ${MASK}`,
    );
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, `$1${MASK}`);
  return out;
}

/**
 * Agent-supplied text as kept and shown: control characters removed,
 * credentials masked, cut to `max` characters. Cut before masking too, so a
 * huge message costs little; a short word split by that cut is dropped, since
 * half a token no longer looks like one.
 */
export function safeText(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  let s = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  if (s.length > 2 * max + 64)
    s = s.slice(0, 2 * max + 64).replace(/(?<!\S)\S{1,128}$/, '');
  const clean = redactSecrets(s).trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
