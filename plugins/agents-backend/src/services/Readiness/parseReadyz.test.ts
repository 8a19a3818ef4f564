import { parseReadyz } from './parseReadyz';

const at = new Date('2026-01-01T00:00:00Z');

describe('parseReadyz', () => {
  it('reads checks, status and load of a failing agent', () => {
    const body = JSON.stringify({ status: 'not ready', checks: { llm_api: 'ok', vector_store: 'error: connection refused' }, load: '3/8' });
    expect(parseReadyz(503, body, at)).toEqual({
      fetchedAt: at.toISOString(), httpStatus: 503, status: 'not ready', load: '3/8',
      checks: [{ name: 'llm_api', ok: true }, { name: 'vector_store', ok: false, message: 'error: connection refused' }],
    });
  });

  it('turns a pod-proxy Status into an error', () => {
    const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'error trying to reach service: dial tcp 10.244.1.14:8000: connect: connection refused', reason: 'ServiceUnavailable', code: 503 });
    expect(parseReadyz(503, body, at)).toMatchObject({ checks: [], error: 'pod proxy: error trying to reach service: dial tcp 10.244.1.14:8000: connect: connection refused' });
  });

  it('keeps non-JSON as short plain text, never markup to render', () => {
    const r = parseReadyz(200, `<html><script>alert(1)</script>\u0000${'x'.repeat(1000)}</html>`, at);
    expect(r.error).toMatch(/^HTTP 200, not JSON: <html><script>alert\(1\)<\/script> x+$/);
    expect(r.error?.length).toBeLessThan(120);
  });

  it('cuts long check messages', () => {
    const r = parseReadyz(503, JSON.stringify({ checks: { db: `error: ${'y'.repeat(2000)}` } }), at);
    expect(r.checks[0].message?.length).toBeLessThanOrEqual(301);
  });
});
