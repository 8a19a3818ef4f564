import type { ProxyAnswer } from '../api/context';
import type { HostileBehaviour } from './scenarioTypes';

/**
 * Credentials a hostile agent's `/readyz` leaks in its messages. A backend
 * test asserts that none of these reach an answer; fragments are listed too,
 * so a half-masked secret also fails.
 * @public
 */
export const hostileSecrets: readonly string[] = [
  'Hunter2Pw!',
  'pa/ss@word',
  'ss@word',
  'svc_user',
  'sk-proj-Abc123SecretKeyValue987xyz',
  'Abc123SecretKeyValue987xyz',
  'qdr-KeyValue-5551234',
  'QdrantQueryKey77',
  'RedisJsonPw42',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'K7MDENG',
  'ghp_0123456789abcdefABCDEF0123456789abcd',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123',
  'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'OauthClientSecret99',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXZhbHVl',
  'c2lnbmF0dXJlLXZhbHVl',
];

/** The not-secret words around those credentials, which a redaction must keep. */
const secretsBody = {
  status: 'not_ready: password: Hunter2Pw!',
  checks: {
    llm_api:
      'error: 401 from api.openai.com with Authorization: Bearer sk-proj-Abc123SecretKeyValue987xyz',
    database:
      'error: could not connect to postgres://svc_user:pa/ss@word@db.internal:5432/agents',
    vector_store: {
      status: 'fail',
      error:
        'qdrant said x-api-key: qdr-KeyValue-5551234 is wrong (GET https://qdrant:6333/collections?api_key=QdrantQueryKey77&limit=1)',
    },
    cache: {
      status: 'fail',
      config: { host: 'redis', password: 'RedisJsonPw42' },
    },
    object_store:
      'error: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected by s3',
    git: 'error: clone failed with ghp_0123456789abcdefABCDEF0123456789abcd, then github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123',
    slack:
      'error: xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx invalid_auth',
    oauth:
      'error: refresh failed client_secret=OauthClientSecret99 grant_type=refresh_token',
    session:
      'error: jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXZhbHVl expired',
  },
  load: '0/8',
};

/** What a hostile agent answers on `/readyz`, or undefined when its `/readyz` is honest. */
export function hostileReadyz(
  h: HostileBehaviour | undefined,
): ProxyAnswer | undefined {
  if (h?.readyz === 'hang')
    return { status: 0, contentType: '', body: '', hang: true };
  if (h?.readyz === 'secrets') {
    return {
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify(secretsBody),
    };
  }
  return undefined;
}

const FLOOD_SERIES = 3000;
const HUGE_LABEL_BYTES = 200 * 1024;
const TOGGLE_TOKENS = 400_000;

/**
 * Extra `/metrics` lines of a hostile agent; `scrape` counts this pod's
 * scrapes, so a toggling counter falls to zero at every other one.
 */
export function hostileMetricLines(
  h: HostileBehaviour | undefined,
  scrape: number,
): string[] {
  switch (h?.metrics) {
    case 'flood':
      return Array.from(
        { length: FLOOD_SERIES },
        (_, i) =>
          `llm_tokens_total{model="flood-model-${i}",direction="input"} ${
            i + 1
          }`,
      );
    case 'huge-label':
      return [
        `llm_tokens_total{model="${'m'.repeat(
          HUGE_LABEL_BYTES,
        )}",direction="input"} 1`,
      ];
    case 'inflate':
      return [
        'llm_cost_dollars_total{model="inflated-model"} 1e12',
        'llm_tokens_total{model="inflated-model",direction="input",replica="a"} 1e308',
        'llm_tokens_total{model="inflated-model",direction="input",replica="b"} 1e308',
      ];
    case 'toggle':
      return [
        `llm_tokens_total{model="toggle-model",direction="input"} ${
          scrape % 2 ? TOGGLE_TOKENS : 0
        }`,
      ];
    default:
      return [];
  }
}
