import { InputError } from '@backstage/errors';
import { parseScalingQuery } from './parseScalingQuery';

const now = new Date('2025-06-01T12:00:00Z');

describe('parseScalingQuery', () => {
  it('defaults to the last 24 hours', () => {
    expect(parseScalingQuery({}, now)).toEqual({
      from: new Date('2025-05-31T12:00:00Z'),
      to: now,
    });
  });

  it('reads ISO times', () => {
    const q = { from: '2025-05-01T00:00:00Z', to: '2025-05-02T00:00:00Z' };
    expect(parseScalingQuery(q, now)).toEqual({
      from: new Date(q.from),
      to: new Date(q.to),
    });
  });

  it.each([
    [{ from: 'yesterday' }, "'from'"],
    [{ to: 'soon' }, "'to'"],
    [{ to: ['2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z'] }, "'to'"],
    [{ from: '2025-06-01T11:00:00Z', to: '2025-06-01T10:00:00Z' }, "'from'"],
    [{ from: '2025-01-01T00:00:00Z' }, '90 days'],
  ])('rejects %j naming %s', (query, name) => {
    expect(() => parseScalingQuery(query, now)).toThrow(InputError);
    expect(() => parseScalingQuery(query, now)).toThrow(name);
  });
});
