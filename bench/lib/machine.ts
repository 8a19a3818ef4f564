import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Where the figures were taken. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model =
    /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ??
    os.cpus()[0]?.model ??
    'unknown';
  const [l1, l5] = os.loadavg();
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpuModel: model,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: {
      '1m': Math.round(l1 * 100) / 100,
      '5m': Math.round(l5 * 100) / 100,
    },
  };
}

/** The 1-minute load average now, to show whether other work shared the machine. */
export function loadNow(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}
