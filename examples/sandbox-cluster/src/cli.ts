import { writeFileSync } from 'node:fs';
import { startControlServer } from './control';
import { startSandboxCluster } from './server';
import type { SandboxCluster } from './types';

interface ClusterArg {
  name: string;
  scenario: string;
  port: number;
}

function parseArgs(argv: string[]) {
  const out = {
    clusters: [] as ClusterArg[],
    scenario: undefined as string | undefined,
    port: undefined as number | undefined,
    timeScale: 10,
    kubeconfigOut: undefined as string | undefined,
    stateFile: undefined as string | undefined,
    token: undefined as string | undefined,
    imageSources: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--cluster') {
      const m = /^([^=]+)=([^:]+)(?::(\d+))?$/.exec(next());
      if (!m) throw new Error('--cluster must be name=scenario[:port]');
      out.clusters.push({
        name: m[1],
        scenario: m[2],
        port: Number(m[3] ?? 0),
      });
    } else if (a === '--scenario') out.scenario = next();
    else if (a === '--port') out.port = Number(next());
    else if (a === '--time-scale') out.timeScale = Number(next());
    else if (a === '--kubeconfig-out') out.kubeconfigOut = next();
    else if (a === '--state-file') out.stateFile = next();
    else if (a === '--token') out.token = next();
    else if (a === '--image-sources') out.imageSources = next();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'sandbox-cluster [--cluster name=scenario[:port]]... [--scenario demo-eu] [--port 6443] [--time-scale 10] [--kubeconfig-out file] [--state-file file] [--token t] [--image-sources dir]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!out.clusters.length) {
    if (out.scenario)
      out.clusters.push({
        name: `sandbox-${out.scenario.replace(/^demo-/, '')}`,
        scenario: out.scenario,
        port: out.port ?? 0,
      });
    else
      out.clusters.push(
        { name: 'sandbox-eu', scenario: 'demo-eu', port: out.port ?? 0 },
        {
          name: 'sandbox-us',
          scenario: 'demo-us',
          port: out.port ? out.port + 1 : 0,
        },
      );
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const clusters: SandboxCluster[] = [];
  for (const c of args.clusters)
    clusters.push(
      await startSandboxCluster({
        name: c.name,
        scenario: c.scenario,
        port: c.port,
        timeScale: args.timeScale,
        token: args.token,
        imageSources: args.imageSources,
      }),
    );
  for (const c of clusters)
    process.stdout.write(`# ${c.name}: ${c.url}\n${c.kubeconfig()}---\n`);
  if (args.kubeconfigOut)
    writeFileSync(
      args.kubeconfigOut,
      clusters.map(c => c.kubeconfig()).join('---\n'),
    );
  const control = await startControlServer(clusters);
  process.stdout.write(
    `# control: ${control.url} (POST /clusters/:name/dependency|load|faults)\n`,
  );
  if (args.stateFile)
    writeFileSync(
      args.stateFile,
      `${JSON.stringify(
        {
          controlUrl: control.url,
          clusters: clusters.map((c, i) => ({
            name: c.name,
            scenario: args.clusters[i].scenario,
            url: c.url,
            token: c.token,
            readerToken: c.readerToken,
            caData: c.caData,
          })),
        },
        null,
        2,
      )}\n`,
    );
  const stop = async () => {
    control.server.close();
    await Promise.all(clusters.map(c => c.stop()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  process.stderr.write(`sandbox-cluster: ${(e as Error).message}\n`);
  process.exit(1);
});
