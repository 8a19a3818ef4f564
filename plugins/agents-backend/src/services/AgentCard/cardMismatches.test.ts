import { Entity } from '@backstage/catalog-model';
import { cardMismatches } from './cardMismatches';

const entity = (metadata: Partial<Entity['metadata']>): Entity => ({
  apiVersion: 'agentdeck.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'faq-agent', ...metadata },
});

describe('cardMismatches', () => {
  it('takes the name or the title, ignoring case and extra spaces', () => {
    const card = { name: 'FAQ  Agent' };
    expect(cardMismatches(entity({ title: 'FAQ agent' }), card)).toEqual([]);
    expect(cardMismatches(entity({}), { name: 'FAQ-AGENT' })).toEqual([]);
    expect(cardMismatches(entity({ title: 'Help desk' }), card)).toEqual([
      { field: 'name', catalog: 'Help desk', card: 'FAQ  Agent' },
    ]);
  });

  it('compares descriptions only when both have one, and a cut card text by its length', () => {
    const description = 'Answers questions from the help centre';
    expect(
      cardMismatches(entity({ description }), {
        name: 'faq-agent',
        description: 'Answers questions…',
      }),
    ).toEqual([]);
    expect(
      cardMismatches(entity({}), { name: 'faq-agent', description: 'x' }),
    ).toEqual([]);
    expect(
      cardMismatches(entity({ description }), {
        name: 'faq-agent',
        description: 'Answers tickets',
      }),
    ).toEqual([
      { field: 'description', catalog: description, card: 'Answers tickets' },
    ]);
  });

  it('compares versions when the catalog states one, v1.2 being 1.2', () => {
    const stated = entity({
      annotations: { 'agentdeck.io/version': 'v2.0.1' },
    });
    expect(
      cardMismatches(stated, { name: 'faq-agent', version: '2.0.1' }),
    ).toEqual([]);
    expect(cardMismatches(stated, { name: 'faq-agent' })).toEqual([]);
    expect(
      cardMismatches(entity({}), { name: 'faq-agent', version: '9' }),
    ).toEqual([]);
    expect(
      cardMismatches(stated, { name: 'faq-agent', version: '2.1.0' }),
    ).toEqual([{ field: 'version', catalog: 'v2.0.1', card: '2.1.0' }]);
  });
});
