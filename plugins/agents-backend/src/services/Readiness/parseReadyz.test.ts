import { parseReadyz } from './parseReadyz';

const at = new Date('2026-01-01T00:00:00Z');

describe('parseReadyz', () => {
  it('reads checks, status and load of a failing agent', () => {
    const body = JSON.stringify({
      status: 'not ready',
      checks: { llm_api: 'ok', vector_store: 'error: connection refused' },
      load: '3/8',
    });
    expect(parseReadyz(503, body, at)).toEqual({
      fetchedAt: at.toISOString(),
      httpStatus: 503,
      status: 'not ready',
      load: '3/8',
      checks: [
        { name: 'llm_api', ok: true },
        {
          name: 'vector_store',
          ok: false,
          message: 'error: connection refused',
        },
      ],
    });
  });

  it('turns a pod-proxy Status into an error', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message:
        'error trying to reach service: dial tcp 10.244.1.14:8000: connect: connection refused',
      reason: 'ServiceUnavailable',
      code: 503,
    });
    expect(parseReadyz(503, body, at)).toMatchObject({
      checks: [],
      error:
        'pod proxy: error trying to reach service: dial tcp 10.244.1.14:8000: connect: connection refused',
    });
  });

  it('keeps non-JSON as short plain text, never markup to render', () => {
    const r = parseReadyz(
      200,
      `<html><script>alert(1)</script>\u0000${'x'.repeat(1000)}</html>`,
      at,
    );
    expect(r.error).toMatch(
      /^HTTP 200, not JSON: <html><script>alert\(1\)<\/script> x+…$/,
    );
    expect(r.error?.length).toBeLessThan(120);
  });

  it('cuts long check messages', () => {
    const r = parseReadyz(
      503,
      JSON.stringify({ checks: { db: `error: ${'y'.repeat(2000)}` } }),
      at,
    );
    expect(r.checks[0].message?.length).toBeLessThanOrEqual(301);
  });

  it('masks credentials in check messages, status and non-JSON bodies', () => {
    const body = JSON.stringify({
      status: 'down: redis://admin:hunter2@cache:6379',
      checks: {
        vector_store:
          'error: could not connect to postgres://svc:s3cr3t@db.internal:5432/vec',
        llm_api: {
          status: 'fail',
          error:
            'GET https://api.example.com/v1?apikey=AKIA123&model=x failed; retry with token=abc.def password=pw1',
        },
        cache: { status: 'fail', detail: 'amqp://guest@mq/' },
      },
    });
    const r = parseReadyz(503, body, at);
    const all = JSON.stringify(r);
    for (const secret of [
      'hunter2',
      's3cr3t',
      'AKIA123',
      'abc.def',
      'pw1',
      'admin',
      'svc:',
      'guest',
    ])
      expect(all).not.toContain(secret);
    expect(r.status).toBe('down: redis://***@cache:6379');
    expect(r.checks.find(c => c.name === 'vector_store')?.message).toBe(
      'error: could not connect to postgres://***@db.internal:5432/vec',
    );
    expect(r.checks.find(c => c.name === 'llm_api')?.message).toBe(
      'GET https://api.example.com/v1?apikey=***&model=x failed; retry with token=*** password=***',
    );
    expect(parseReadyz(500, 'boom mysql://root:toor@h/db', at).error).toBe(
      'HTTP 500, not JSON: boom mysql://***@h/db',
    );
  });
});
