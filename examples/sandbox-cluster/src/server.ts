import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHandler, type Stats } from './api/handler';
import type { ApiContext } from './api/context';
import {
  agentdeckReaderRules,
  agentdeckReaderUser,
  clusterAdminRules,
  type SandboxIdentity,
} from './api/rbac';
import { Store } from './api/store';
import { renderKubeconfig } from './kubeconfig';
import { Rng } from './rng';
import { loadScenario } from './sim/loadScenario';
import { ImageSources } from './sim/imageSources';
import { Simulation } from './sim/Simulation';
import { issueClientCertificate, makeCertificate, makeClientCa } from './tls';
import {
  defaultFaults,
  type Faults,
  type SandboxCluster,
  type SandboxClusterOptions,
} from './types';

function identitiesByToken(
  list: SandboxIdentity[],
): Map<string, SandboxIdentity> {
  const out = new Map<string, SandboxIdentity>();
  for (const i of list) {
    const t =
      i.token ??
      `${i.name.split(':').pop()}-${randomBytes(12).toString('hex')}`;
    if (!t) throw new Error(`sandbox identity ${i.name}: empty token`);
    if (out.has(t))
      throw new Error(`sandbox identity ${i.name}: its token is already taken`);
    out.set(t, { ...i, token: t });
  }
  return out;
}

/** Starts a sandbox API server with its simulated fleet. @public */
export async function startSandboxCluster(
  opts: SandboxClusterOptions,
): Promise<SandboxCluster> {
  const name = opts.name ?? 'sandbox';
  const host = opts.host ?? '127.0.0.1';
  const scenario = loadScenario(opts.scenario);
  const seed = opts.seed ?? scenario.seed ?? 42;
  const token = opts.token ?? randomBytes(16).toString('hex');
  const viewerToken = `viewer-${randomBytes(12).toString('hex')}`;
  const readerToken = `reader-${randomBytes(12).toString('hex')}`;
  const identities = identitiesByToken([
    { name: 'admin', token, rules: clusterAdminRules },
    // No bindings at all, as the `viewer` of error-403-forbidden-viewer-list-pods.json.
    { name: 'viewer', token: viewerToken, rules: [] },
    {
      name: agentdeckReaderUser,
      token: readerToken,
      rules: agentdeckReaderRules,
    },
    ...(opts.identities ?? []),
  ]);
  const faults: Faults = defaultFaults();
  const stats: Stats = {
    total: 0,
    byRoute: {},
    userAgents: {},
    podProxyAt: [],
  };
  const store = new Store();
  const rng = new Rng(seed);
  const { key, cert } = makeCertificate(host, name);
  let clientCa: { key: string; cert: string } | undefined;

  // The simulation needs the API context and the context answers through the simulation.
  const holder: { sim?: Simulation } = {};
  const simOf = () => {
    if (!holder.sim) throw new Error('simulation not started');
    return holder.sim;
  };
  const ctx: ApiContext = {
    store,
    rng,
    faults,
    identities,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    installedGroups: new Set(scenario.crds ?? []),
    serverAddress: '',
    now: () => simOf().now(),
    proxy: (ns, pod, port, path) => simOf().proxy(ns, pod, port, path),
    logs: (ns, pod) => simOf().logs(ns, pod),
  };
  const sim = new Simulation(ctx, scenario, name, seed, opts.timeScale ?? 1);
  if (opts.imageSources) sim.imageSources = new ImageSources(opts.imageSources);
  holder.sim = sim;
  sim.seed();

  const sockets = new Set<Socket>();
  // as kube-apiserver with --client-ca-file: a certificate is asked for, never required (tokens work without)
  const server = https.createServer(
    { key, cert, requestCert: true, rejectUnauthorized: false },
    createHandler(ctx, stats, opts.latencyMs ?? 0),
  );
  server.on('connection', (s: Socket) => {
    if (faults.refuseConnections) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.serverAddress = `${host}:${port}`;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const caData = Buffer.from(cert).toString('base64');
  sim.start(opts.timeScale ?? 1);

  return {
    name,
    url,
    token,
    viewerToken,
    readerToken,
    tokens: Object.fromEntries([...identities].map(([t, i]) => [i.name, t])),
    caData,
    clientCertificate(user) {
      if (![...identities.values()].some(i => i.name === user))
        throw new Error(`sandbox: no identity named ${user}`);
      if (!clientCa) {
        // made on first use: a key pair costs a start that never needs one
        clientCa = makeClientCa(name);
        server.setSecureContext({ key, cert, ca: [clientCa.cert] });
      }
      return issueClientCertificate(clientCa, user);
    },
    kubeconfig: (as = token) =>
      renderKubeconfig({
        name,
        url,
        caData,
        token: as,
        user: identities.get(as)?.name ?? 'admin',
      }),
    stats,
    resetStats() {
      stats.total = 0;
      for (const k of Object.keys(stats.byRoute)) delete stats.byRoute[k];
      for (const k of Object.keys(stats.userAgents)) delete stats.userAgents[k];
      stats.podProxyAt.length = 0;
    },
    faults: {
      set: f => Object.assign(faults, f),
      clear: () => Object.assign(faults, defaultFaults()),
    },
    sim: {
      advance: s => sim.advance(s),
      now: () => sim.now(),
      setDependency: (agent, check, ok, error) =>
        sim.setDependency(agent, check, ok, error),
      setLoad: (agent, n) => sim.setLoad(agent, n),
      setHostile: (agent, h) => sim.setHostile(agent, h),
    },
    async stop() {
      sim.stop();
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
