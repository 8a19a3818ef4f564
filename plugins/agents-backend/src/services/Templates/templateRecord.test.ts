import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTemplateRecordReader, recordUrl } from './templateRecord';

const agent = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'agentdeck.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'faq-agent', namespace: 'default', annotations },
  spec: {},
});

describe('recordUrl', () => {
  it('reads beside the source location, else beside the catalog file', () => {
    expect(
      recordUrl(
        agent({
          'backstage.io/source-location':
            'url:https://github.com/acme/faq-agent/tree/main/',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/faq-agent/blob/main/catalog-info.yaml',
        }),
      ),
    ).toBe(
      'https://github.com/acme/faq-agent/tree/main/.agentdeck/template.json',
    );
    expect(
      recordUrl(
        agent({
          'backstage.io/managed-by-location':
            'url:file:///repos/checkouts/acme/faq-agent/catalog-info.yaml',
        }),
      ),
    ).toBe('file:///repos/checkouts/acme/faq-agent/.agentdeck/template.json');
    expect(
      recordUrl(agent({ 'backstage.io/managed-by-location': 'file:/x.yaml' })),
    ).toBeUndefined();
  });
});

describe('createTemplateRecordReader', () => {
  const entity = agent({
    'backstage.io/managed-by-location':
      'url:https://git.example.com/acme/faq-agent/catalog-info.yaml',
  });

  it('answers the recorded inputs, reading the repository once per few minutes', async () => {
    const reader = mockServices.urlReader.mock();
    reader.readUrl.mockResolvedValue({
      buffer: async () =>
        Buffer.from(
          JSON.stringify({ version: 2, inputs: { name: 'faq-agent' } }),
        ),
    } as any);
    const records = createTemplateRecordReader({
      reader,
      logger: mockServices.logger.mock(),
    });
    expect(await records.inputs(entity)).toEqual({ name: 'faq-agent' });
    expect(await records.inputs(entity)).toEqual({ name: 'faq-agent' });
    expect(reader.readUrl).toHaveBeenCalledTimes(1);
    expect(reader.readUrl).toHaveBeenCalledWith(
      'https://git.example.com/acme/faq-agent/.agentdeck/template.json',
    );
  });

  it('answers undefined and warns once when the record cannot be read or holds no inputs', async () => {
    const logger = mockServices.logger.mock();
    const reader = mockServices.urlReader.mock();
    reader.readUrl.mockResolvedValue({
      buffer: async () => Buffer.from('{"version": 2}'),
    } as any);
    const records = createTemplateRecordReader({ reader, logger });
    expect(await records.inputs(entity)).toBeUndefined();
    expect(await records.inputs(entity)).toBeUndefined();
    const unlocated = createTemplateRecordReader({ reader, logger });
    expect(await unlocated.inputs(agent({}))).toBeUndefined();
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      'Could not read the template record of agent:default/faq-agent: .agentdeck/template.json has no inputs object',
      'Could not read the template record of agent:default/faq-agent: its entity names no repository URL',
    ]);
    expect(reader.readUrl).toHaveBeenCalledTimes(1);
  });
});
