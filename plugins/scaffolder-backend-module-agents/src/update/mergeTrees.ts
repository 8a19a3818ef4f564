import { diff3Merge } from 'node-diff3';

/** A repository's files by path (relative, `/`-separated), as text. @public */
export type FileTree = Record<string, string>;

/**
 * Lines both the team and the template changed from the base: the team's
 * lines stay in the merged file, the template's are only reported.
 * @public
 */
export interface ConflictHunk {
  /** First line of the hunk in the base (1-based). */
  baseLine: number;
  base: string[];
  team: string[];
  template: string[];
}

/** A file the update could not take whole from the template. @public */
export interface TreeConflict {
  path: string;
  /**
   * `lines`: both changed the same lines; `deleted-by-team`: the team
   * removed a file the template changed; `deleted-by-template`: the template
   * removed a file the team changed; `added-by-both`: both added it, differently.
   */
  kind: 'lines' | 'deleted-by-team' | 'deleted-by-template' | 'added-by-both';
  /** For `lines` and `added-by-both`: the hunks where the team's lines were kept. */
  hunks: ConflictHunk[];
}

/** What a three-way merge of a template update did to each file. @public */
export interface TreeMergeResult {
  /** The merged repository. */
  files: FileTree;
  /** Files taken from the new render as they are (the team had not changed them). */
  updated: string[];
  /** Files the new render adds. */
  added: string[];
  /** Files the new render no longer has, removed (the team had not changed them). */
  removed: string[];
  /** Files both changed on different lines: the template's change and the team's, merged. */
  merged: string[];
  /** Files the team changed and the template did not: left as the team has them. */
  kept: string[];
  /** Files where the team's version was kept over the template's, with what was not applied. */
  conflicts: TreeConflict[];
}

const lines = (text: string) => text.split('\n');

/**
 * Merges a template update into a repository, file by file and line by line
 * (diff3): `base` is what the recorded template version rendered, `team` the
 * repository now, `next` what the current version renders from the same
 * inputs. A change only the template made is applied; a change only the team
 * made stays; where both changed the same lines (or one removed a file the
 * other changed) the team's version stays and the conflict is reported,
 * never overwritten.
 * @public
 */
export function mergeTrees(input: {
  base: FileTree;
  team: FileTree;
  next: FileTree;
}): TreeMergeResult {
  const { base, team, next } = input;
  const result: TreeMergeResult = {
    files: {},
    updated: [],
    added: [],
    removed: [],
    merged: [],
    kept: [],
    conflicts: [],
  };
  const has = (tree: FileTree, path: string) =>
    Object.prototype.hasOwnProperty.call(tree, path);
  const paths = [
    ...new Set([
      ...Object.keys(base),
      ...Object.keys(team),
      ...Object.keys(next),
    ]),
  ].sort();
  for (const path of paths) {
    const b = has(base, path) ? base[path] : undefined;
    const t = has(team, path) ? team[path] : undefined;
    const n = has(next, path) ? next[path] : undefined;
    const keep = () => {
      if (t !== undefined) result.files[path] = t;
    };
    if (n === b) {
      // the template did not change it: the team's version, edited or not
      keep();
      if (t !== b && t !== undefined) result.kept.push(path);
    } else if (t === b) {
      // only the template changed it
      if (n === undefined) result.removed.push(path);
      else {
        result.files[path] = n;
        (b === undefined ? result.added : result.updated).push(path);
      }
    } else if (t === n) {
      keep(); // both made the same change
    } else if (t === undefined) {
      result.conflicts.push({ path, kind: 'deleted-by-team', hunks: [] });
    } else if (n === undefined) {
      keep();
      result.conflicts.push({ path, kind: 'deleted-by-template', hunks: [] });
    } else {
      const hunks: ConflictHunk[] = [];
      const out: string[] = [];
      for (const region of diff3Merge(lines(t), lines(b ?? ''), lines(n), {
        excludeFalseConflicts: true,
      })) {
        if (region.ok) out.push(...region.ok);
        else if (region.conflict) {
          const c = region.conflict;
          out.push(...c.a);
          hunks.push({
            baseLine: c.oIndex + 1,
            base: c.o,
            team: c.a,
            template: c.b,
          });
        }
      }
      result.files[path] = out.join('\n');
      if (hunks.length)
        result.conflicts.push({
          path,
          kind: b === undefined ? 'added-by-both' : 'lines',
          hunks,
        });
      else result.merged.push(path);
    }
  }
  return result;
}
