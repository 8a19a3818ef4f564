import { agentEntity } from '../../__testUtils__/fakeStatus';
import { createAgentResolver, promSelector } from './agentScope';

const billing = agentEntity(
  'billing-agent',
  {},
  { 'backstage.io/kubernetes-namespace': 'ai-agents' },
);
const ns = 'ai-agents';

describe('createAgentResolver by pod name', () => {
  const resolve = createAgentResolver([billing]);

  it.each([
    ['billing-agent-5d8f9c7b4-x2k4q', 'Deployment'],
    ['billing-agent-x2k4q', 'DaemonSet'],
    ['billing-agent-0', 'StatefulSet'],
  ])('finds the agent of %s (%s)', pod => {
    expect(resolve({ namespace: ns, pod })).toBe('agent:default/billing-agent');
  });

  it.each(['billing-agent-v2-5d8f9c7b4-x2k4q', 'billing-agent-canary-0'])(
    'does not count %s, another workload, even when it has no entity',
    pod => {
      expect(resolve({ namespace: ns, pod })).toBeUndefined();
    },
  );

  it('agrees with the PromQL pod matcher the usage card uses', () => {
    const matcher = /pod=~"(.*)"/.exec(promSelector(billing))?.[1] ?? '';
    const re = new RegExp(`^${matcher.replace(/\\\\/g, '\\')}$`);
    for (const pod of [
      'billing-agent-5d8f9c7b4-x2k4q',
      'billing-agent-v2-5d8f9c7b4-x2k4q',
      'billing-agent-canary-0',
      'billing-agent-0',
    ]) {
      expect(Boolean(resolve({ namespace: ns, pod }))).toBe(re.test(pod));
    }
  });
});
