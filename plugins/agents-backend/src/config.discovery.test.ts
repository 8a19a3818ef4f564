import { ConfigReader } from '@backstage/config';
import { readAgentsConfig } from './config';

const discovery = (section?: object) =>
  readAgentsConfig(
    new ConfigReader(section ? { agents: { discovery: section } } : {}),
  ).discovery;

describe('agents.discovery', () => {
  it('names owners by agentdeck.io/owner, backstage.io/owner and team unless told otherwise, with no selector', () => {
    expect(discovery()).toEqual({
      ownerKeys: ['agentdeck.io/owner', 'backstage.io/owner', 'team'],
    });
    expect(
      discovery({
        selector: ' app.kubernetes.io/component=agent ',
        ownerKeys: ['owner'],
      }),
    ).toEqual({
      selector: 'app.kubernetes.io/component=agent',
      ownerKeys: ['owner'],
    });
    expect(
      discovery({ selector: 'tier in (agents, llm),!legacy' }),
    ).toMatchObject({
      selector: 'tier in (agents, llm),!legacy',
    });
  });

  it('refuses a selector that is no label selector, at startup', () => {
    expect(() => discovery({ selector: 'app=agent,=x' })).toThrow(
      'agents.discovery.selector must be a label selector, got "app=agent,=x"',
    );
    expect(() => discovery({ selector: 'app in agent' })).toThrow(
      'agents.discovery.selector must be a label selector',
    );
  });
});
