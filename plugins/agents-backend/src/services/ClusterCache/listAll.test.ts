import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createKubeClient } from './kubeClient';
import { listAll } from './listAll';
import { CacheTiming } from './types';

const timing = { requestTimeoutMs: 1000, maxListBytes: 1 << 20 } as CacheTiming;

describe('listAll', () => {
  it('follows continue tokens, and falls back to one unpaged list when a token expires', async () => {
    const seen: string[] = [];
    let expire = false;
    const server = http.createServer((req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      seen.push(`${q.get('limit') ?? '-'}:${q.get('continue') ?? '-'}`);
      res.setHeader('content-type', 'application/json');
      if (q.get('continue') && expire) {
        res.statusCode = 410;
        return res.end(
          JSON.stringify({
            kind: 'Status',
            code: 410,
            reason: 'Expired',
            message: 'too old',
          }),
        );
      }
      if (!q.get('limit'))
        return res.end(
          JSON.stringify({
            metadata: { resourceVersion: '9' },
            items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
          }),
        );
      return q.get('continue')
        ? res.end(
            JSON.stringify({
              metadata: { resourceVersion: '5' },
              items: [{ metadata: { name: 'b' } }],
            }),
          )
        : res.end(
            JSON.stringify({
              metadata: { resourceVersion: '5', continue: 'tok' },
              items: [{ metadata: { name: 'a' } }],
            }),
          );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const client = createKubeClient({
      name: 'c',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      skipTLSVerify: false,
    });
    try {
      const paged = await listAll(
        client,
        '/api/v1/pods',
        {},
        timing,
        new AbortController().signal,
      );
      expect(
        paged?.items.map(i => (i.metadata as { name: string }).name),
      ).toEqual(['a', 'b']);
      expect(seen).toEqual(['500:-', '500:tok']);
      expire = true;
      seen.length = 0;
      const full = await listAll(
        client,
        '/api/v1/pods',
        {},
        timing,
        new AbortController().signal,
      );
      expect(full).toEqual({
        items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
        resourceVersion: '9',
      });
      expect(seen).toEqual(['500:-', '500:tok', '-:-']);
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    }
  });
});
