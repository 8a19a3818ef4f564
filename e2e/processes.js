// Ports and child processes for the e2e suites that start their own servers.
// Each child leads a process group of its own, so that signalling the group
// reaches what it started too (yarn, backstage-cli and the node they run).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

/** A TCP port on 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `cmd` leading a new process group, its output appended to `logFile`. */
function startGroup(cmd, args, { cwd, env, logFile }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  return child;
}

/** Sends `signal` to the child's process group; false when the group is gone. */
function sendToGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends `signal` to the child's process group and resolves once the child has
 * exited (at once when it has already). With `killAfterMs`, SIGKILL follows
 * if it is still running that long after.
 */
function signalGroup(child, signal, killAfterMs) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    let timer;
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (!sendToGroup(child, signal)) {
      resolve();
      return;
    }
    if (killAfterMs !== undefined) {
      timer = setTimeout(() => sendToGroup(child, 'SIGKILL'), killAfterMs);
    }
  });
}

/** app-config lines for a backend on 127.0.0.1:`port` that serves the app at its own URL. */
function localBackendConfig(port) {
  const url = `http://127.0.0.1:${port}`;
  return [
    `app: { baseUrl: '${url}' }`,
    'backend:',
    `  baseUrl: '${url}'`,
    `  listen: { host: 127.0.0.1, port: ${port} }`,
    `  cors: { origin: '${url}' }`,
  ];
}

module.exports = { freePort, localBackendConfig, signalGroup, startGroup };
