import { K8sObject, meta } from './common';
import type { AgentSpec } from './spec';

/** Ingress with proxy timeouts long enough for LLM calls. Undefined without a host. @public */
export function renderIngress(spec: AgentSpec): K8sObject | undefined {
  if (!spec.ingress) return undefined;
  const timeout = String(spec.ingress.timeoutSeconds);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(spec, spec.name, {
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-read-timeout': timeout,
        'nginx.ingress.kubernetes.io/proxy-send-timeout': timeout,
        'nginx.ingress.kubernetes.io/proxy-connect-timeout': '10',
        // Streamed answers must reach the caller as they are produced.
        'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
        'nginx.ingress.kubernetes.io/proxy-body-size': '10m',
      },
    }),
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: spec.ingress.host,
          http: {
            paths: [
              {
                path: '/agent',
                pathType: 'Prefix',
                backend: {
                  service: { name: spec.name, port: { name: 'http' } },
                },
              },
              // The A2A agent card, so other agents and registries can discover this one.
              {
                path: '/.well-known/agent-card.json',
                pathType: 'Exact',
                backend: {
                  service: { name: spec.name, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}
