import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createKubeClient, ResponseTooLargeError } from './kubeClient';

const TOTAL = 32 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Answers every request with `status` and up to 32 MiB without a newline, noting how much it got to write. */
async function startFlood(status: number) {
  const seen = { written: 0 };
  const server = http.createServer(async (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    while (seen.written < TOTAL && !res.destroyed) {
      seen.written += CHUNK.length;
      if (!res.write(CHUNK))
        await new Promise(r => res.once('drain', r).once('close', r));
    }
    if (!res.destroyed) res.end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, stop: () => new Promise(r => server.close(r)) };
}

describe('kube client size limits on watches', () => {
  it.each([
    [200, 'watch event larger than 1048576 bytes'],
    [500, 'HTTP 500 error body larger than 65536 bytes'],
  ])(
    'stops reading an endless HTTP %s answer and reports it',
    async (status, message) => {
      const flood = await startFlood(status);
      const client = createKubeClient({
        name: 'c',
        url: flood.url,
        skipTLSVerify: false,
      });
      const lines: string[] = [];
      const watch = client.stream('/api/v1/pods?watch=1', l => lines.push(l), {
        timeoutMs: 10000,
        signal: new AbortController().signal,
        onOpen: () => {},
        maxBytes: 1024 * 1024,
      });
      await expect(watch).rejects.toThrow(ResponseTooLargeError);
      await expect(watch).rejects.toThrow(message);
      expect(lines).toEqual([]);
      client.close();
      await flood.stop();
      expect(flood.seen.written).toBeLessThan(TOTAL);
    },
  );
});
