import { createPodProxy } from './createPodProxy';
import { KubeClient } from './kubeClient';
import { stripPod } from './stripPod';

const podWithProbe = (path: string) => ({
  metadata: {
    name: 'billing-agent-5d8f9c-x2k4q',
    namespace: 'ai-agents',
    labels: {},
  },
  spec: {
    containers: [
      {
        name: 'agent',
        ports: [{ name: 'http', containerPort: 8000 }],
        readinessProbe: { httpGet: { port: 8000, path } },
      },
    ],
  },
  status: { phase: 'Running' },
});

const unsafe = [
  '/../../../api/v1/namespaces/kube-system/secrets',
  '/readyz/..',
  '/readyz?x=/../secrets',
  '/readyz#frag',
  '/%2e%2e/%2e%2e/secrets',
  '/readyz%2F..%2Fsecrets',
  '/ready z',
  '\\readyz',
];

describe('pod proxy paths from pod specs', () => {
  it.each(unsafe)('falls back to /readyz for %s at ingestion', path => {
    expect(stripPod(podWithProbe(path)).readyz).toEqual({
      port: 8000,
      path: '/readyz',
    });
  });

  it('keeps ordinary probe paths', () => {
    expect(stripPod(podWithProbe('/health/ready')).readyz).toEqual({
      port: 8000,
      path: '/health/ready',
    });
    expect(stripPod(podWithProbe('healthz')).readyz?.path).toBe('/healthz');
  });

  it('refuses unsafe paths before any request reaches the API server', async () => {
    const asked: string[] = [];
    const client = {
      cluster: { name: 'c', url: 'http://127.0.0.1:1' },
      get: async (path: string) => {
        asked.push(path);
        return { status: 200, body: '{}' };
      },
    } as unknown as KubeClient;
    const proxy = createPodProxy(() => client);
    const req = {
      cluster: 'c',
      namespace: 'ai-agents',
      pod: 'p',
      port: 8000,
      timeoutMs: 1000,
      maxBytes: 1000,
    };
    for (const path of unsafe)
      await expect(proxy.get({ ...req, path })).rejects.toThrow(
        'unsafe pod proxy path',
      );
    expect(asked).toEqual([]);
    await proxy.get({ ...req, path: '/readyz' });
    expect(asked).toEqual([
      '/api/v1/namespaces/ai-agents/pods/p:8000/proxy/readyz',
    ]);
  });
});
