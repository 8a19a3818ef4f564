import { execFile } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath } from '@agentdeck/test-utils';
import { stringify } from 'yaml';
import { agentdeckReaderUser } from '../api/rbac';
import { startSandboxCluster } from '../server';
import { issueClientCertificate, makeClientCa } from '../tls';
import type { SandboxCluster } from '../types';

jest.setTimeout(30000);

function get(
  c: SandboxCluster,
  path: string,
  tls: { cert: string; key: string },
): Promise<{ status: number; body: any }> {
  const ca = Buffer.from(c.caData, 'base64').toString('utf8');
  return new Promise((resolve, reject) => {
    https
      .get(
        new URL(path, c.url),
        { ca, ...tls, agent: false, headers: { accept: 'application/json' } },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', d => chunks.push(d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      )
      .on('error', reject);
  });
}

/** A kubeconfig that authenticates with a client certificate, as kubectl writes one. */
function certKubeconfig(
  c: SandboxCluster,
  tls: { cert: string; key: string },
): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const file = join(mkdtempSync(join(tmpdir(), 'sandbox-cert-')), 'kubeconfig');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: { server: c.url, 'certificate-authority-data': c.caData },
        },
      ],
      users: [
        {
          name: 'u',
          user: {
            'client-certificate-data': b64(tls.cert),
            'client-key-data': b64(tls.key),
          },
        },
      ],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'c',
    }),
  );
  return file;
}

const kubectl = (kubeconfig: string, args: string[]) =>
  new Promise<{ code: number; stderr: string; stdout: string }>(done =>
    execFile(
      kubectlPath(),
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 20000 },
      (err, stdout, stderr) =>
        done({
          code: err ? Number((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    ),
  );

describe('client certificates, as kube-apiserver takes them from its client CA', () => {
  let c: SandboxCluster;
  beforeAll(async () => {
    c = await startSandboxCluster({ scenario: 'small', timeScale: 0 });
  });
  afterAll(() => c.stop());

  it('authenticates the certificate’s common name with that identity’s rules', async () => {
    const reader = c.clientCertificate(agentdeckReaderUser);
    const pods = await get(c, '/api/v1/pods', reader);
    expect(pods.status).toBe(200);
    expect(pods.body.items.length).toBeGreaterThan(0);
    const secrets = await get(c, '/api/v1/secrets', reader);
    expect(secrets.status).toBe(403);
    expect(secrets.body.message).toContain(
      `User "${agentdeckReaderUser}" cannot list resource "secrets"`,
    );
  });

  it('answers 401 for a certificate another CA signed', async () => {
    const stranger = issueClientCertificate(
      makeClientCa('elsewhere'),
      agentdeckReaderUser,
    );
    expect((await get(c, '/api/v1/pods', stranger)).status).toBe(401);
  });

  it('is accepted from kubectl', async () => {
    const ok = await kubectl(certKubeconfig(c, c.clientCertificate('admin')), [
      'get',
      'pods',
      '-A',
      '-o',
      'name',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^pod\//m);
  });
});
