import { ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { freePort } from '@agentdeck/test-utils';

/** What the fake LLM does and has seen; tests change `delayMs` between cases. */
export type FakeLlmState = {
  delayMs: number;
  /** Last user message of every completion request, in arrival order. */
  received: string[];
  /** Same, once the answer has been written. */
  answered: string[];
};

/** The port a listening server got. */
export const portOf = (s: { address(): unknown }) =>
  (s.address() as AddressInfo).port;

/** A fake OpenAI-compatible API that records inputs; completions wait `state.delayMs`. */
export function startFakeLlm(state: FakeLlmState): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const send = (body: unknown) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(body));
    if (req.url === '/v1/models')
      return send({ data: [{ id: 'gpt-4o-mini' }] });
    let raw = '';
    req.on('data', d => (raw += d));
    return req.on('end', () => {
      const messages: Array<{ content?: unknown }> =
        JSON.parse(raw || '{}').messages ?? [];
      const input = String(messages[messages.length - 1]?.content ?? '');
      state.received.push(input);
      setTimeout(() => {
        send({
          model: 'gpt-4o-mini-2024-07-18',
          choices: [{ message: { role: 'assistant', content: 'done' } }],
          usage: { prompt_tokens: 12, completion_tokens: 3 },
        });
        state.answered.push(input);
      }, state.delayMs);
    });
  });
  return new Promise(r => server.listen(0, '127.0.0.1', () => r(server)));
}

/** Polls until `check` holds; the timeout only bounds a broken run, it asserts nothing about speed. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A generated agent running under the system Python's uvicorn. */
export type AgentProcess = {
  child: ChildProcess;
  base: string;
  output(): string;
};

/** Starts `app.main:app` from a rendered skeleton and waits for /healthz. */
export async function startAgent(
  dir: string,
  env: Record<string, string>,
): Promise<AgentProcess> {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/python3',
    [
      '-m',
      'uvicorn',
      'app.main:app',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    { cwd: dir, env: { PATH: '/usr/bin:/bin', ...env } },
  );
  let output = '';
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${base}/healthz`).then(
      r => r.ok,
      () => false,
    );
  await waitFor('the agent to start', healthy, 20_000).catch(e => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}:\n${output}`);
  });
  return { child, base, output: () => output };
}

/** A sample's value in Prometheus text, 0 when the series is absent. */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find(l => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
