import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway Debian redis-server: no persistence, loopback only. */
export type RedisServer = { port: number; stop(): Promise<void> };

/** Starts redis-server on `port` and waits until it accepts connections. */
export async function startRedis(port: number): Promise<RedisServer> {
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', d => {
      output += d;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.on('error', reject);
    exited.then(() => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return {
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One command through redis-cli; the raw reply, trimmed. */
export async function redis(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout.trim();
}
