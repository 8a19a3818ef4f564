import { mergeTrees } from './mergeTrees';

const text = (...l: string[]) => `${l.join('\n')}\n`;

const deployment = text(
  'replicas: 2',
  'image: acme/faq:1.0.0',
  'timeoutSeconds: 5',
  'memory: 512Mi',
  'cpu: 250m',
);

describe('mergeTrees', () => {
  it("applies the template's change to a file the team left alone", () => {
    const next = deployment.replace('timeoutSeconds: 5', 'timeoutSeconds: 3');
    const r = mergeTrees({
      base: { 'deploy/d.yaml': deployment },
      team: { 'deploy/d.yaml': deployment },
      next: { 'deploy/d.yaml': next },
    });
    expect(r.files).toEqual({ 'deploy/d.yaml': next });
    expect(r.updated).toEqual(['deploy/d.yaml']);
    expect(r.conflicts).toEqual([]);
  });

  it("keeps the team's file where the template changed nothing", () => {
    const team = deployment.replace('memory: 512Mi', 'memory: 2Gi');
    const r = mergeTrees({
      base: { 'deploy/d.yaml': deployment, 'README.md': 'x\n' },
      team: {
        'deploy/d.yaml': team,
        'README.md': 'x\n',
        'app/extra.py': 'pass\n',
      },
      next: { 'deploy/d.yaml': deployment, 'README.md': 'x\n' },
    });
    expect(r.files).toEqual({
      'deploy/d.yaml': team,
      'README.md': 'x\n',
      'app/extra.py': 'pass\n',
    });
    expect(r.kept).toEqual(['app/extra.py', 'deploy/d.yaml']);
  });

  it('merges changes to different lines of one file', () => {
    const team = deployment.replace('memory: 512Mi', 'memory: 2Gi');
    const next = deployment.replace('replicas: 2', 'replicas: 3');
    const r = mergeTrees({
      base: { d: deployment },
      team: { d: team },
      next: { d: next },
    });
    expect(r.files.d).toBe(
      text(
        'replicas: 3',
        'image: acme/faq:1.0.0',
        'timeoutSeconds: 5',
        'memory: 2Gi',
        'cpu: 250m',
      ),
    );
    expect(r.merged).toEqual(['d']);
    expect(r.conflicts).toEqual([]);
  });

  it("keeps the team's lines where both changed the same ones, and reports the template's", () => {
    const team = deployment
      .replace('timeoutSeconds: 5', 'timeoutSeconds: 30')
      .replace('cpu: 250m', 'cpu: 1');
    const next = deployment
      .replace('timeoutSeconds: 5', 'timeoutSeconds: 3')
      .replace('replicas: 2', 'replicas: 3');
    const r = mergeTrees({
      base: { d: deployment },
      team: { d: team },
      next: { d: next },
    });
    // the template's other change applied, the team's line kept, its own change kept
    expect(r.files.d).toBe(
      text(
        'replicas: 3',
        'image: acme/faq:1.0.0',
        'timeoutSeconds: 30',
        'memory: 512Mi',
        'cpu: 1',
      ),
    );
    expect(r.conflicts).toEqual([
      {
        path: 'd',
        kind: 'lines',
        hunks: [
          {
            baseLine: 3,
            base: ['timeoutSeconds: 5'],
            team: ['timeoutSeconds: 30'],
            template: ['timeoutSeconds: 3'],
          },
        ],
      },
    ]);
    expect(r.merged).toEqual([]);
  });

  it('adds and removes files the team did not touch; a removed file the team changed stays, as a conflict', () => {
    const r = mergeTrees({
      base: { old: 'a\n', edited: 'b\n', gone: 'c\n' },
      team: { old: 'a\n', edited: 'b2\n' },
      next: { added: 'new\n', gone: 'c2\n' },
    });
    expect(r.files).toEqual({ added: 'new\n', edited: 'b2\n' });
    expect(r.added).toEqual(['added']);
    expect(r.removed).toEqual(['old']);
    expect(r.conflicts).toEqual([
      { path: 'edited', kind: 'deleted-by-template', hunks: [] },
      { path: 'gone', kind: 'deleted-by-team', hunks: [] },
    ]);
  });

  it('takes a change both made alike without a conflict', () => {
    const same = deployment.replace('replicas: 2', 'replicas: 4');
    const r = mergeTrees({
      base: { d: deployment },
      team: { d: same },
      next: { d: same },
    });
    expect(r.files.d).toBe(same);
    expect(r.conflicts).toEqual([]);
  });
});
