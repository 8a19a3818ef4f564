import { parseTemplateChangelog, parseTemplateVersion } from './template';

describe('template versions', () => {
  it('reads a version annotation as a positive integer, else nothing', () => {
    expect(parseTemplateVersion('3')).toBe(3);
    expect(parseTemplateVersion('v12')).toBe(12);
    expect(parseTemplateVersion('0')).toBeUndefined();
    expect(parseTemplateVersion('1.2')).toBeUndefined();
    expect(parseTemplateVersion(undefined)).toBeUndefined();
  });

  it('reads the changelog newest first, a continued line joining its entry', () => {
    expect(
      parseTemplateChangelog(
        'v1: The first version.\nv3: Probes moved\n  to /readyz.\n\nv2: PDB added.\nnot an entry',
      ),
    ).toEqual([
      { version: 3, text: 'Probes moved to /readyz.' },
      { version: 2, text: 'PDB added. not an entry' },
      { version: 1, text: 'The first version.' },
    ]);
    expect(parseTemplateChangelog(undefined)).toEqual([]);
  });
});
