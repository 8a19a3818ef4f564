import { AGENT_PORT, K8sObject, meta, selectorLabels } from './common';
import type { AgentSpec } from './spec';

/** ClusterIP Service in front of the agent pods. @public */
export function renderService(spec: AgentSpec): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(spec),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(spec),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** Port the Service forwards to, for NetworkPolicy rules. */
export const SERVICE_TARGET_PORT = AGENT_PORT;
