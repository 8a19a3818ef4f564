import { PodReadiness, ReadinessCheck } from '@agentdeck/plugin-agents-common';
import { safeText } from './redactSecrets';

const MAX_MESSAGE = 300;

const text = (value: string) => safeText(value, MAX_MESSAGE);

function check(name: string, value: unknown): ReadinessCheck {
  if (value === 'ok' || value === true) return { name: text(name), ok: true };
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const status = o.status ?? o.state;
    const message = o.error ?? o.message ?? o.detail;
    const ok = status === 'ok' || status === 'pass' || status === true;
    const out: ReadinessCheck = { name: text(name), ok };
    if (!ok)
      out.message = text(
        typeof message === 'string' ? message : JSON.stringify(value),
      );
    return out;
  }
  return { name: text(name), ok: false, message: text(String(value)) };
}

/**
 * Reads an agent's `/readyz` JSON (`{status, checks: {name: "ok" | "error: ..."}, load}`).
 * Anything else (a Kubernetes Status from the proxy, HTML, garbage) becomes `error`.
 */
export function parseReadyz(
  httpStatus: number,
  body: string,
  fetchedAt: Date,
): PodReadiness {
  const base: PodReadiness = {
    fetchedAt: fetchedAt.toISOString(),
    httpStatus,
    checks: [],
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {
      ...base,
      error: `HTTP ${httpStatus}, not JSON: ${
        safeText(body, 80) || '(empty body)'
      }`,
    };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ...base, error: `HTTP ${httpStatus}, not a readiness object` };
  }
  const o = parsed as Record<string, unknown>;
  if (o.kind === 'Status') {
    return {
      ...base,
      error: `pod proxy: ${text(String(o.message ?? o.reason ?? 'error'))}`,
    };
  }
  const out: PodReadiness = { ...base };
  if (typeof o.status === 'string') out.status = text(o.status);
  if (typeof o.load === 'string' || typeof o.load === 'number')
    out.load = text(String(o.load));
  if (o.checks && typeof o.checks === 'object' && !Array.isArray(o.checks)) {
    out.checks = Object.entries(o.checks as Record<string, unknown>)
      .slice(0, 50)
      .map(([k, v]) => check(k, v));
  } else if (httpStatus >= 400) {
    out.error = `HTTP ${httpStatus} without checks`;
  }
  return out;
}
