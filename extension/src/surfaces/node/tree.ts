// Node host for a kernel tree: lists the files in scope, reads them, and feeds them to a Workspace,
// noting anything it cannot read. Shared by the CLI, the benchmark and the tests.

import { readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { MAX_SOURCE_BYTES } from '../../core/syntax/decode.js';
import type { Workspace } from '../../core/workspace/workspace.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/kernel/scope.js';

export interface LoadOptions {
  include?: readonly string[];
  exclude?: readonly string[];
}

export interface LoadSummary {
  files: number;
  bytes: number;
  indexed: number;
  cached: number;
  skipped: number;
}

export function listTreeFiles(root: string, options: LoadOptions = {}): string[] {
  return globSync([...(options.include ?? DEFAULT_INCLUDE)], {
    cwd: root,
    ignore: [...(options.exclude ?? DEFAULT_EXCLUDE)],
    onlyFiles: true,
    followSymbolicLinks: false,
  }).sort();
}

/** Whether a tree-relative path is one listTreeFiles would list (for paths that are not on disk). */
export function scopeMatcher(options: LoadOptions = {}): (path: string) => boolean {
  const include = picomatch([...(options.include ?? DEFAULT_INCLUDE)]);
  const exclude = (options.exclude ?? DEFAULT_EXCLUDE).length ? picomatch([...options.exclude!]) : () => false;
  return (path) => include(path) && !exclude(path);
}

export function loadTree(ws: Workspace, root: string, files: readonly string[]): LoadSummary {
  const summary: LoadSummary = { files: files.length, bytes: 0, indexed: 0, cached: 0, skipped: 0 };
  for (const rel of files) {
    const abs = `${root}/${rel}`;
    let bytes: Uint8Array;
    try {
      const size = statSync(abs).size;
      if (size > MAX_SOURCE_BYTES) {
        ws.addNote({ path: rel, message: `skipped: file is ${(size / 1048576).toFixed(1)} MB, over the 10 MB limit` });
        summary.skipped++;
        continue;
      }
      bytes = readFileSync(abs);
    } catch (err) {
      ws.addNote({
        path: rel,
        message: `skipped: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      });
      summary.skipped++;
      continue;
    }
    summary.bytes += bytes.length;
    const r = ws.applyChange(rel, bytes);
    if (r.status === 'indexed') summary.indexed++;
    else if (r.status === 'cached') summary.cached++;
    else if (r.status === 'skipped') summary.skipped++;
  }
  return summary;
}
