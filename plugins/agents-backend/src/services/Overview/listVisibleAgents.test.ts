import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { agentEntity } from '../../__testUtils__/fakeStatus';
import { listVisibleAgents } from './listVisibleAgents';
import { createOverviewService } from './createOverviewService';
import { createFakeStatus } from '../../__testUtils__/fakeStatus';

const inNamespace = (e: Entity, namespace: string): Entity => ({
  ...e,
  metadata: { ...e.metadata, namespace },
});
const entities = [
  inNamespace(
    agentEntity('ledger-agent', { owner: 'billing-team', system: 'ledger' }),
    'payments',
  ),
  inNamespace(
    agentEntity('refund-agent', { owner: 'group:billing-team' }),
    'payments',
  ),
  inNamespace(
    agentEntity('audit-agent', { owner: 'group:payments/billing-team' }),
    'payments',
  ),
  agentEntity('billing-agent', { owner: 'billing-team' }),
];

describe('listVisibleAgents owner and system filters', () => {
  const catalog = catalogServiceMock({ entities });
  const credentials = mockCredentials.user();
  const overview = createOverviewService({
    status: createFakeStatus().service,
    summary: { refresh: async () => {}, get: () => ({}) },
  });
  const names = (es: Entity[]) => es.map(e => e.metadata.name).sort();

  it('finds agents outside the default namespace whatever spelling their spec uses', async () => {
    const filter = { owner: 'group:payments/billing-team' };
    const found = await listVisibleAgents(catalog, credentials, filter);
    expect(names(found)).toEqual([
      'audit-agent',
      'billing-agent',
      'ledger-agent',
      'refund-agent',
    ]);
    // the catalog query is wide on purpose; the overview keeps the exact owner
    const res = await overview.getOverview(found, filter);
    expect(res.agents.map(a => a.name)).toEqual([
      'audit-agent',
      'ledger-agent',
      'refund-agent',
    ]);
  });

  it('does the same for systems', async () => {
    const filter = { system: 'system:payments/ledger' };
    const res = await overview.getOverview(
      await listVisibleAgents(catalog, credentials, filter),
      filter,
    );
    expect(res.agents.map(a => a.name)).toEqual(['ledger-agent']);
  });
});
