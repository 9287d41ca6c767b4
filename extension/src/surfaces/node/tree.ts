// Node host for a kernel tree: lists the files in scope, reads them, and feeds them to a Workspace,
// noting anything it cannot read. Shared by the CLI, the benchmark and the tests.

import { existsSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { MAX_SOURCE_BYTES } from '../../core/syntax/decode.js';
import type { Workspace } from '../../core/workspace/workspace.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/kernel/scope.js';
import { KBUILD_FILE_NAMES } from '../../core/kernel/kbuild.js';

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

/** The scope's files, and the Kbuild files of their directories and of every directory above them. */
export function listTreeFiles(root: string, options: LoadOptions = {}): string[] {
  const sources = globSync([...(options.include ?? DEFAULT_INCLUDE)], {
    cwd: root,
    ignore: [...(options.exclude ?? DEFAULT_EXCLUDE)],
    onlyFiles: true,
    followSymbolicLinks: false,
  });
  return [...new Set([...sources, ...buildFilesAbove(root, sources)])].sort();
}

function buildFilesAbove(root: string, files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  const out: string[] = [];
  for (const dir of dirs)
    for (const name of KBUILD_FILE_NAMES) {
      const rel = `${dir}/${name}`;
      if (existsSync(`${root}/${rel}`) && statSync(`${root}/${rel}`).isFile()) out.push(rel);
    }
  return out;
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
