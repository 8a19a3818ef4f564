import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from '@agentdeck/test-utils';
import { startSandboxCluster } from '../server';
import type { SandboxCluster } from '../types';
import { fixture } from '../__testUtils__/helpers';

const kubectl = (
  kubeconfig: string,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise(resolve => {
    const p = execFile(
      kubectlPath(),
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 30000 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
    if (input !== undefined) p.stdin?.end(input);
  });

const deployment = (
  name: string,
  ns: string,
  compliant: boolean,
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}, backstage.io/kubernetes-id: ${name}}
  annotations: {agentdeck.io/checks: "llm_api,database"}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}, backstage.io/kubernetes-id: ${name}}
    spec:
${
  compliant
    ? '      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n'
    : ''
}      containers:
      - name: agent
        image: registry.example.com/${name}:1.0.0
        ports: [{name: http, containerPort: 8000, protocol: TCP}]
        readinessProbe:
          httpGet: {path: /readyz, port: http}
${
  compliant
    ? '        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n'
    : ''
}`;

jest.setTimeout(30000);

describe('real kubectl against the sandbox', () => {
  let c: SandboxCluster;
  let kc: string;
  let dir: string;
  beforeAll(async () => {
    c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
    c.sim.advance(30);
    dir = mkdtempSync(join(tmpdir(), 'sandbox-kubectl-'));
    kc = join(dir, 'kubeconfig');
    writeFileSync(kc, c.kubeconfig());
  });
  afterAll(() => c.stop());

  it('gets pods, deployments and HPAs as tables and JSON', async () => {
    const pods = await kubectl(kc, ['get', 'pods', '-A']);
    expect(pods.code).toBe(0);
    expect(pods.stdout.split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/,
    );
    expect(pods.stdout).toMatch(
      /summarizer-agent-\S+\s+0\/1\s+CrashLoopBackOff/,
    );
    const dh = await kubectl(kc, ['get', 'deploy,hpa', '-n', 'ai-agents']);
    expect(dh.stdout).toMatch(/deployment.apps\/billing-agent\s+2\/2/);
    expect(dh.stdout).toMatch(
      /horizontalpodautoscaler.autoscaling\/billing-agent\s+Deployment\/billing-agent/,
    );
    const json = JSON.parse(
      (await kubectl(kc, ['get', 'hpa', '-n', 'ai-agents', '-o', 'json']))
        .stdout,
    );
    expect(json.kind).toBe('List');
    expect(json.items[0].kind).toBe('HorizontalPodAutoscaler');
    const so = await kubectl(kc, [
      'get',
      'scaledobjects.keda.sh',
      '-n',
      'ai-agents',
    ]);
    expect(so.stdout).toMatch(/invoice-reconciler\s+apps\/v1.Deployment/);
  });

  it('describes a pod with its events', async () => {
    const name = (
      await kubectl(kc, [
        'get',
        'pods',
        '-n',
        'ai-agents',
        '-l',
        'app=summarizer-agent',
        '-o',
        'name',
      ])
    ).stdout.trim();
    const d = await kubectl(kc, ['describe', '-n', 'ai-agents', name]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/Reason:\s+CrashLoopBackOff/);
    expect(d.stdout).toMatch(/Back-off restarting failed container agent/);
    expect(d.stdout).toMatch(/Successfully assigned ai-agents\//);
  });

  it('dry-runs apply into a restricted namespace with the PodSecurity warning', async () => {
    await kubectl(kc, ['create', 'namespace', 'ai-agents-restricted']);
    await kubectl(kc, [
      'label',
      'namespace',
      'ai-agents-restricted',
      'pod-security.kubernetes.io/enforce=restricted',
    ]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      deployment('billing-agent', 'ai-agents-restricted', false),
    );
    const nc = await kubectl(kc, [
      'apply',
      '--dry-run=server',
      '-o',
      'json',
      '-f',
      bad,
    ]);
    expect(nc.code).toBe(0);
    const warning = fixture(
      'dryrun-server-restricted-ns-deployment-noncompliant.kubectl-output.json',
    );
    expect(JSON.parse(nc.stdout).kind).toBe(warning.kind);
    expect(nc.stderr).toContain(
      'Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "agent" must set securityContext.allowPrivilegeEscalation=false)',
    );
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      deployment('billing-agent', 'ai-agents-restricted', true),
    );
    const ok = await kubectl(kc, ['apply', '--dry-run=server', '-f', good]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('Warning');
    expect(
      (
        await kubectl(kc, [
          'get',
          'deploy',
          '-n',
          'ai-agents-restricted',
          'billing-agent',
        ])
      ).code,
    ).not.toBe(0);
  });

  it('applies a multi-document manifest that then joins the simulation', async () => {
    const file = join(dir, 'multi.yaml');
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: scaffolded}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: new-agent, namespace: scaffolded}\n---\n${deployment(
        'new-agent',
        'scaffolded',
        true,
      )}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: new-agent, namespace: scaffolded}\nspec: {podSelector: {matchLabels: {app: new-agent}}, policyTypes: [Ingress]}\n`,
    );
    const a = await kubectl(kc, ['apply', '-f', file]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('deployment.apps/new-agent created');
    const again = await kubectl(kc, ['apply', '-f', file]);
    expect(again.stdout).toContain('deployment.apps/new-agent unchanged');
    c.sim.advance(20);
    const pods = await kubectl(kc, [
      'get',
      'pods',
      '-n',
      'scaffolded',
      '-o',
      'json',
    ]);
    const items = JSON.parse(pods.stdout).items;
    expect(items).toHaveLength(2);
    expect(items.every((p: any) => p.status.phase === 'Running')).toBe(true);
    const readyz = await kubectl(kc, [
      'get',
      '--raw',
      `/api/v1/namespaces/scaffolded/pods/${items[0].metadata.name}:8000/proxy/readyz`,
    ]);
    expect(JSON.parse(readyz.stdout).checks).toEqual({
      llm_api: 'ok',
      database: 'ok',
    });
  });

  it('watches pods and receives a change', async () => {
    const p = spawn(kubectlPath(), [
      '--kubeconfig',
      kc,
      'get',
      'pods',
      '-n',
      'ai-agents',
      '-w',
      '--request-timeout=20s',
    ]);
    let out = '';
    p.stdout.on('data', d => {
      out += d.toString();
    });
    await new Promise(r => setTimeout(r, 1500));
    const deletedBefore = out.split('\n').length;
    await kubectl(kc, [
      'scale',
      'deployment/billing-agent',
      '-n',
      'ai-agents',
      '--replicas=3',
    ]);
    await new Promise(r => setTimeout(r, 1500));
    p.kill();
    expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(out.split('\n').length).toBeGreaterThan(deletedBefore);
    expect(
      out
        .split('\n')
        .slice(deletedBefore - 1)
        .join('\n'),
    ).toMatch(/billing-agent-\S+\s+0\/1\s+Pending/);
  });
});
