import { redactSecrets, safeText } from './redactSecrets';

// input, the secret that must go, the text around it that must stay
const rows: Array<[string, string, string]> = [
  ['password: hunter2 (retrying)', 'hunter2', 'password: *** (retrying)'],
  ['password=hunter2&db=x', 'hunter2', 'password=***&db=x'],
  [
    'PGPASSWORD=pg-secret-1 psql failed',
    'pg-secret-1',
    'PGPASSWORD=*** psql failed',
  ],
  [
    '{"user":"svc","password":"json-pw-1"}',
    'json-pw-1',
    '{"user":"svc","password":"***"}',
  ],
  [
    "{'password': 'py-pw-1', 'host': 'db'}",
    'py-pw-1',
    "{'password': '***', 'host': 'db'}",
  ],
  ['config: {"db": {"passwd": "nested-pw"}}', 'nested-pw', '"passwd": "***"'],
  [
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected',
    'K7MDENG',
    'AWS_SECRET_ACCESS_KEY=*** rejected',
  ],
  [
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'IOSFODNN7',
    'AWS_ACCESS_KEY_ID=***',
  ],
  [
    'key AKIAIOSFODNN7EXAMPLE is not valid',
    'IOSFODNN7',
    'key AKIA*** is not valid',
  ],
  [
    '401 with Authorization: Bearer abc.def-ghi_123456',
    'abc.def-ghi_123456',
    '401 with Authorization: Bearer ***',
  ],
  [
    'authorization=Basic dXNlcjpwYXNzd29yZA==',
    'dXNlcjpwYXNzd29yZA',
    'authorization=Basic ***',
  ],
  [
    'upstream said Bearer eyJraWQiOiIxIn0 is invalid',
    'eyJraWQiOiIxIn0',
    'upstream said Bearer *** is invalid',
  ],
  [
    'header Basic YWxhZGRpbjpvcGVuc2VzYW1l rejected',
    'YWxhZGRpbjpvcGVuc2VzYW1l',
    'header Basic *** rejected',
  ],
  [
    'qdrant: x-api-key: qdr-key-5551234 is wrong',
    'qdr-key-5551234',
    'qdrant: x-api-key: *** is wrong',
  ],
  ['X-Api-Key=abcdef123456', 'abcdef123456', 'X-Api-Key=***'],
  [
    'oauth: client_secret=cs-9876 grant_type=refresh_token',
    'cs-9876',
    'client_secret=*** grant_type=refresh_token',
  ],
  [
    'GET /cb?code=1&access_token=at-42&state=s',
    'at-42',
    'access_token=***&state=s',
  ],
  [
    'https://qdrant:6333/c?api_key=QKey77&limit=1 failed',
    'QKey77',
    'https://qdrant:6333/c?api_key=***&limit=1 failed',
  ],
  ['GET https://h/x?password=qpw-1', 'qpw-1', 'https://h/x?password=***'],
  ['form password%3Dpct-pw-1%26x', 'pct-pw-1', 'password%3D***'],
  [
    'clone with ghp_0123456789abcdefABCDEF0123456789abcd failed',
    '0123456789abcdefABCDEF',
    'clone with ghp_*** failed',
  ],
  [
    'token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123 expired',
    'abcdefghijklmnop',
    'github_pat_*** expired',
  ],
  [
    'openai rejected sk-proj-Abc123SecretKeyValue987xyz',
    'Abc123SecretKeyValue',
    'openai rejected sk-***',
  ],
  [
    'anthropic rejected sk-ant-api03-AbCdEfGhIjKlMnOpQr',
    'AbCdEfGhIjKlMnOpQr',
    'anthropic rejected sk-***',
  ],
  [
    'slack: xoxb-123456789012-1234567890123-AbCdEfGhIjKl invalid_auth',
    'AbCdEfGhIjKl',
    'slack: xoxb-*** invalid_auth',
  ],
  [
    'gitlab glpat-abcdefghij0123456789 revoked',
    'abcdefghij0123456789',
    'gitlab glpat-*** revoked',
  ],
  [
    'hf hf_abcdefghijklmnopqrstuvwxyz012345 denied',
    'abcdefghijklmnopqrstuvwxyz',
    'hf hf_*** denied',
  ],
  [
    'stripe sk_live_abcdefghijklmnop1234 declined',
    'abcdefghijklmnop1234',
    'stripe sk_live_*** declined',
  ],
  [
    'google AIzaSyA-abcdefghijklmnopqrstuvwxyz012345 quota',
    'SyA-abcdefghijkl',
    'google AIza*** quota',
  ],
  [
    'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl expired',
    'c2lnbmF0dXJl',
    'jwt eyJ*** expired',
  ],
  [
    'postgres://user:pa/ss@word@db.internal:5432/app down',
    'ss@word',
    'postgres://***@db.internal:5432/app down',
  ],
  ['redis://:only-pw@cache:6379', 'only-pw', 'redis://***@cache:6379'],
  [
    'mongodb+srv://u:p%40ss@cluster0.example.net/db',
    'p%40ss',
    'mongodb+srv://***@cluster0.example.net/db',
  ],
  [
    'connect to admin:hunter2@db:5432 refused',
    'hunter2',
    'connect to ***@db:5432 refused',
  ],
  [
    'run with --password cli-pw-1 --verbose',
    'cli-pw-1',
    '--password *** --verbose',
  ],
  [
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- loaded',
    'MIIEpAIBAAKCAQEA',
    '*** loaded',
  ],
  ['Cookie: session=abc123def; path=/', 'abc123def', 'Cookie: ***'],
  [
    'X-Amz-Credential=AKID%2F2026&X-Amz-Signature=f00dfeed',
    'f00dfeed',
    'X-Amz-Signature=***',
  ],
];

describe('redactSecrets', () => {
  it.each(rows)('masks %j', (input, secret, kept) => {
    const out = redactSecrets(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
  });

  it.each([
    'error: connection refused (postgres:5432)',
    'error: timeout after 5s (api.openai.com:443)',
    'error: model not loaded',
    'not_ready: 3/8 busy at 12:30',
    'mail ops@example.com about basic authentication',
  ])('leaves %j alone', input => {
    expect(redactSecrets(input)).toBe(input);
  });

  // Not a speed target: catastrophic backtracking on these inputs takes minutes, so this wide
  // bound only catches a pattern that backtracks, however loaded the machine is.
  it('does not backtrack catastrophically on a long run without separators', () => {
    const started = Date.now();
    redactSecrets(`${'a'.repeat(200_000)}password`);
    redactSecrets(`${'x://'.repeat(50_000)}`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('safeText', () => {
  it('drops a token cut in half by the length limit instead of showing its start', () => {
    // masking the long password pulls the cut-off token into view
    const s = safeText(
      `password=${'p'.repeat(240)} ghp_0123456789abcdefABCDEF0123456789abcd`,
      100,
    );
    expect(s).toBe('password=***');
  });

  it('removes control characters and marks a cut', () => {
    expect(safeText('a\u0000b\u001bc', 10)).toBe('a b c');
    expect(safeText('y'.repeat(50), 10)).toBe(`${'y'.repeat(10)}…`);
  });
});
