import { AGENT_PORT, K8sObject, meta, selectorLabels } from './common';
import type { AgentSpec } from './spec';

const DEFAULT_PORTS: Record<string, number> = {
  redis: 6379,
  rediss: 6379,
  nats: 4222,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  http: 80,
  https: 443,
};

/** TCP ports of the agent's own stores, from their URLs. */
export function storePorts(spec: AgentSpec): number[] {
  const urls = [
    ...Object.values(spec.dependencies),
    ...(spec.queue ? [spec.queue.address] : []),
  ];
  const ports = new Set<number>();
  for (const raw of urls) {
    try {
      const url = new URL(raw.includes('://') ? raw : `tcp://${raw}`);
      const port =
        Number(url.port) || DEFAULT_PORTS[url.protocol.replace(':', '')];
      if (port) ports.add(port);
    } catch {
      // URLs were validated by the spec; a bare host:port that fails here has no port to open.
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Default-deny for the agent's pods. @public */
export function renderDefaultDeny(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(spec, `${spec.name}-default-deny`),
    spec: {
      podSelector: { matchLabels: selectorLabels(spec) },
      policyTypes: ['Ingress', 'Egress'],
    },
  };
}

/**
 * Allow rules: ingress from the ingress controller and Prometheus; egress to DNS, the stores
 * and HTTPS. NetworkPolicy cannot match hostnames, so the declared egress hosts are recorded
 * in an annotation for an FQDN-aware policy engine or egress gateway to enforce.
 * @public
 */
export function renderAllowPolicy(spec: AgentSpec): K8sObject {
  const fromNamespace = (name: string) => ({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
  });
  const tcp = (port: number) => ({ protocol: 'TCP', port });
  const egress: unknown[] = [
    {
      to: [
        {
          namespaceSelector: {},
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
    },
  ];
  const stores = storePorts(spec).filter(p => p !== 443);
  if (stores.length)
    egress.push({ to: [{ namespaceSelector: {} }], ports: stores.map(tcp) });
  egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(spec, `${spec.name}-allow`, {
      annotations: { 'agentdeck.io/egress-hosts': spec.egressHosts.join(',') },
    }),
    spec: {
      podSelector: { matchLabels: selectorLabels(spec) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            fromNamespace('ingress-nginx'),
            fromNamespace('monitoring'),
            { podSelector: {} },
          ],
          ports: [tcp(AGENT_PORT)],
        },
      ],
      egress,
    },
  };
}
