// `./agentdeck bench`: runs bench/run.ts with Backstage's TypeScript
// transform and --expose-gc, passing options through (--quick, --scales
// 100,1000, --skip-history, --skip-scaffolder, --latency-ms 20).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');

const child = spawn(
  process.execPath,
  [
    '--expose-gc',
    '--no-node-snapshot',
    '--max-old-space-size=8192',
    '-r',
    transform,
    path.join(root, 'bench/run.ts'),
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
