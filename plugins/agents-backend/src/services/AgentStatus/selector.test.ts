import { parseLabelSelector, selectorFor } from './selector';
import { agent } from '../../__testUtils__/entities';

const obj = (namespace: string, labels: Record<string, string>) => ({
  namespace,
  labels,
});

describe('selectorFor', () => {
  it('uses the kubernetes-id annotation, else the entity name', () => {
    expect(
      selectorFor(agent('a', { 'backstage.io/kubernetes-id': 'b' }))
        .labelSelector,
    ).toBe('backstage.io/kubernetes-id=b');
    expect(selectorFor(agent('a', {})).labelSelector).toBe(
      'backstage.io/kubernetes-id=a',
    );
  });

  it('prefers the label-selector annotation and restricts by namespace', () => {
    const sel = selectorFor(
      agent('a', {
        'backstage.io/kubernetes-label-selector':
          'app=x,tier in (api, worker),!canary',
        'backstage.io/kubernetes-namespace': 'ns1',
      }),
    );
    expect(sel.matches(obj('ns1', { app: 'x', tier: 'api' }))).toBe(true);
    expect(sel.matches(obj('ns2', { app: 'x', tier: 'api' }))).toBe(false);
    expect(
      sel.matches(obj('ns1', { app: 'x', tier: 'api', canary: 'true' })),
    ).toBe(false);
    expect(sel.matches(obj('ns1', { app: 'x', tier: 'db' }))).toBe(false);
  });

  it('parses set-based and existence requirements, and matches nothing on garbage', () => {
    expect(parseLabelSelector('a!=1, b notin (x,y), c')).toEqual([
      { key: 'a', op: 'neq', values: ['1'] },
      { key: 'b', op: 'notin', values: ['x', 'y'] },
      { key: 'c', op: 'exists', values: [] },
    ]);
    expect(
      selectorFor(
        agent('a', { 'backstage.io/kubernetes-label-selector': '((' }),
      ).matches(obj('n', {})),
    ).toBe(false);
  });

  it.each(['!nothing', 'app', 'app notin (x)', 'app!=x', 'app=', ' '])(
    'a selector that pins no label value (%j) matches nothing, not every pod in the cluster',
    selector => {
      const sel = selectorFor(
        agent('greedy', { 'backstage.io/kubernetes-label-selector': selector }),
      );
      expect(sel.matches(obj('ai-agents', { app: 'billing-agent' }))).toBe(
        false,
      );
      expect(sel.matches(obj('ai-agents', {}))).toBe(false);
    },
  );
});
