import {
  OverviewResponse,
  UnregisteredAgent,
} from '@agentdeck/plugin-agents-common';
import { overview } from './fixtures';

/** The sandbox fleet's three unregistered agents, as GET /overview lists them. */
export const unregisteredAgents: UnregisteredAgent[] = [
  {
    id: 'unregistered:sandbox-eu/experiments/scratch-agent',
    cluster: 'sandbox-eu',
    namespace: 'experiments',
    name: 'scratch-agent',
    kind: 'Deployment',
    source: 'label',
    state: 'healthy',
    reasons: [],
    replicas: { ready: 1, desired: 1 },
    tokens24h: { input: 400_000, output: 100_000 },
    cost24hUsd: 0.12,
    claimAnnotations: {
      'backstage.io/kubernetes-label-selector':
        'agentdeck.io/agent=scratch-agent',
      'backstage.io/kubernetes-namespace': 'experiments',
    },
  },
  {
    id: 'unregistered:sandbox-eu/kagent/k8s-assistant',
    cluster: 'sandbox-eu',
    namespace: 'kagent',
    name: 'k8s-assistant',
    kind: 'kagent Agent',
    source: 'kagent',
    owner: 'group:default/billing-team',
    ownerFrom: { kind: 'annotation', key: 'backstage.io/owner' },
    state: 'degraded',
    reasons: ['1 pod not ready'],
    replicas: { ready: 0, desired: 1 },
    tokens24h: { input: 1_000_000, output: 200_000 },
    cost24hUsd: 4.5,
    claimAnnotations: {
      'backstage.io/kubernetes-label-selector':
        'app=kagent,kagent=k8s-assistant',
      'backstage.io/kubernetes-namespace': 'kagent',
    },
  },
  {
    id: 'unregistered:sandbox-us/research-sandbox/paper-scout',
    cluster: 'sandbox-us',
    namespace: 'research-sandbox',
    name: 'paper-scout',
    kind: 'Deployment',
    source: 'selector',
    owner: 'group:default/research-team',
    ownerFrom: { kind: 'label', key: 'team' },
    state: 'healthy',
    reasons: [],
    replicas: { ready: 2, desired: 2 },
    tokens24h: { input: 3_000_000, output: 600_000 },
    cost24hUsd: 18,
    claimAnnotations: {
      'backstage.io/kubernetes-id': 'paper-scout',
      'backstage.io/kubernetes-namespace': 'research-sandbox',
    },
  },
];

/** The fixtures' overview as a caller allowed agents.unregistered.read gets it. */
export const overviewWithUnregistered: OverviewResponse = {
  ...overview,
  unregistered: unregisteredAgents,
};
