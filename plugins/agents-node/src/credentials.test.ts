import { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { credentialRequestOptions, memoizeCredential } from './credentials';

describe('memoizeCredential', () => {
  function counting() {
    let n = 0;
    const fetch = jest.fn(
      async (): Promise<KubernetesCredential> => ({
        type: 'bearer token',
        token: `t${++n}`,
      }),
    );
    return fetch;
  }

  it('asks the strategy once per TTL, and again once the credential is older', async () => {
    let now = 0;
    const fetch = counting();
    const memo = memoizeCredential(fetch, 60_000, () => now);
    await expect(memo.get()).resolves.toEqual({
      type: 'bearer token',
      token: 't1',
    });
    now = 59_999;
    await expect(memo.get()).resolves.toEqual({
      type: 'bearer token',
      token: 't1',
    });
    now = 60_000;
    await expect(memo.get()).resolves.toEqual({
      type: 'bearer token',
      token: 't2',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one question between concurrent callers', async () => {
    const fetch = counting();
    const memo = memoizeCredential(fetch);
    const all = await Promise.all([memo.get(), memo.get(), memo.get()]);
    expect(new Set(all.map(c => (c as { token: string }).token))).toEqual(
      new Set(['t1']),
    );
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks again after invalidate (a 401) and after a failure', async () => {
    let fail = true;
    const fetch = jest.fn(async (): Promise<KubernetesCredential> => {
      if (fail) throw new Error('token service down');
      return { type: 'bearer token', token: 'ok' };
    });
    const memo = memoizeCredential(fetch);
    await expect(memo.get()).rejects.toThrow('token service down');
    fail = false;
    await expect(memo.get()).resolves.toEqual({
      type: 'bearer token',
      token: 'ok',
    });
    memo.invalidate();
    await memo.get();
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});

describe('credentialRequestOptions', () => {
  it('puts a bearer token in the Authorization header', () => {
    expect(
      credentialRequestOptions({ type: 'bearer token', token: 'abc' }),
    ).toEqual({
      headers: { Authorization: 'Bearer abc' },
    });
  });

  it('puts a client certificate on the TLS connection, not in a header', () => {
    expect(
      credentialRequestOptions({
        type: 'x509 client certificate',
        cert: 'CERT',
        key: 'KEY',
      }),
    ).toEqual({ headers: {}, cert: 'CERT', key: 'KEY' });
  });

  it('sends nothing for anonymous', () => {
    expect(credentialRequestOptions({ type: 'anonymous' })).toEqual({
      headers: {},
    });
  });
});
