import { fork, ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the backend config needs to reach a sandbox. */
export interface SandboxInfo {
  name: string;
  url: string;
  token: string;
  caData: string;
}

/** API-server request counters as the sandbox counts them. */
export interface SandboxStats {
  total: number;
  byRoute: Record<string, number>;
  /** Pod-proxy arrivals since the last reset, against the budget given to `stats`. */
  podProxy: { maxPerSecond: number; overBudget: number };
}

/** A sandbox cluster running in a child process. */
export interface SandboxProcess {
  info: SandboxInfo;
  startMs: number;
  stats(budget?: { qps: number; burst: number }): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  setFaults(f: Record<string, unknown> | undefined): Promise<void>;
  /** A dependency check of one agent fails (ok false) or recovers, as the demo's outage does. */
  setDependency(agent: string, check: string, ok: boolean): Promise<void>;
  stop(): Promise<void>;
}

const nodeTransform = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** Forks a sandbox with `agents` generated agents of `podsPerAgent` pods. */
export function startSandboxProcess(opts: {
  /** The cluster's name in the backends' config (default `bench`). */
  name?: string;
  agents: number;
  podsPerAgent: number;
  latencyMs: number;
}): Promise<SandboxProcess> {
  const child: ChildProcess = fork(join(__dirname, 'sandboxChild.ts'), [], {
    execArgv: ['--max-old-space-size=8192', '-r', nodeTransform],
    env: {
      ...process.env,
      BENCH_NAME: opts.name ?? 'bench',
      BENCH_AGENTS: String(opts.agents),
      BENCH_PODS: String(opts.podsPerAgent),
      BENCH_LATENCY_MS: String(opts.latencyMs),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, (m: any) => void>();
  const call = (op: string, extra: object = {}) =>
    new Promise<any>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error('sandbox child is gone'));
        return;
      }
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, op, ...extra });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`sandbox child exited with ${code}`)),
    );
    child.on('message', (m: any) => {
      if (m.ready) {
        resolve({
          info: m.cluster,
          startMs: m.startMs,
          stats: async budget => (await call('stats', { budget })).stats,
          resetStats: async () => void (await call('reset')),
          setFaults: async f => void (await call('faults', { faults: f })),
          setDependency: async (agent, check, ok) =>
            void (await call('dependency', {
              dependency: { agent, check, ok },
            })),
          stop: async () => {
            const exited = new Promise(r => child.once('exit', r));
            await call('stop').catch(() => undefined);
            await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
            if (child.exitCode === null) child.kill('SIGKILL');
          },
        });
        return;
      }
      const cb = waiting.get(m.id);
      if (cb) {
        waiting.delete(m.id);
        cb(m);
      }
    });
  });
}
