// Where each line after a series came from, and the way back: post-image line -> tree line or the
// `+` line of a mail; tree line -> post-image line, or the `-` line of the mail that removed it.

import type { PatchLoc } from './types.js';

/** A line added by the series: which mail (`seq`), which file diff and hunk, and the `+` line in the patch file. */
export interface AddedLine {
  mail: number;
  /** Path the mail's diff names (after the series it may have been renamed again). */
  path: string;
  hunk: number;
  at: PatchLoc;
}

export type RemovedLine = AddedLine;

export type LineOrigin = { kind: 'tree'; line: number } | ({ kind: 'patch' } & AddedLine);

export interface PatchedFile {
  /** Path after the series. */
  path: string;
  /** Path in the tree the content came from; null for a file the series created. */
  treePath: string | null;
  text: string;
  /** Origin of each line of `text` (index = line - 1). */
  origins: LineOrigin[];
}

export interface FileLine {
  path: string;
  line: number;
}

export class LineMap {
  private readonly byTree = new Map<string, Map<number, FileLine>>();
  private readonly removedSet: ReadonlySet<string>;

  constructor(
    private readonly files: ReadonlyMap<string, PatchedFile>,
    removed: readonly string[],
    private readonly removedLines: ReadonlyMap<string, ReadonlyMap<number, RemovedLine>>,
  ) {
    this.removedSet = new Set(removed);
    const ordered = [...files.values()].sort((a, b) => Number(b.path === b.treePath) - Number(a.path === a.treePath));
    for (const file of ordered) {
      if (file.treePath === null) continue;
      const map = this.byTree.get(file.treePath) ?? new Map<number, FileLine>();
      file.origins.forEach((origin, k) => {
        if (origin.kind === 'tree' && !map.has(origin.line)) map.set(origin.line, { path: file.path, line: k + 1 });
      });
      this.byTree.set(file.treePath, map);
    }
  }

  /** True when the series changed, created, renamed or deleted this path. */
  touches(path: string): boolean {
    return this.files.has(path) || this.removedSet.has(path) || this.byTree.has(path);
  }

  /** Where a line after the series came from; unchanged files map every line to itself in the tree. */
  origin(path: string, line: number): LineOrigin | undefined {
    const file = this.files.get(path);
    if (!file) return this.removedSet.has(path) ? undefined : { kind: 'tree', line };
    return file.origins[line - 1];
  }

  /** The mail `+` line that put this post-image line there, if the series added it. */
  addedBy(path: string, line: number): AddedLine | undefined {
    const origin = this.origin(path, line);
    if (origin?.kind !== 'patch') return undefined;
    const { mail, path: diffPath, hunk, at } = origin;
    return { mail, path: diffPath, hunk, at };
  }

  /** Tree line -> line after the series; undefined when the series removed it. */
  toPost(treePath: string, line: number): FileLine | undefined {
    const map = this.byTree.get(treePath);
    if (map) return map.get(line);
    if (this.removedSet.has(treePath)) return undefined;
    return { path: treePath, line };
  }

  /** Line after the series -> tree line; undefined for lines the series added. */
  toPre(path: string, line: number): FileLine | undefined {
    const file = this.files.get(path);
    if (!file) return this.removedSet.has(path) ? undefined : { path, line };
    const origin = file.origins[line - 1];
    return origin?.kind === 'tree' && file.treePath !== null ? { path: file.treePath, line: origin.line } : undefined;
  }

  /** The mail `-` line that removed this tree line, if the series removed it. */
  removedBy(treePath: string, line: number): RemovedLine | undefined {
    return this.removedLines.get(treePath)?.get(line);
  }
}
