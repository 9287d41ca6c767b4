// Node host for a kernel tree: lists the files in scope, reads them, and feeds them to a Workspace,
// noting anything it cannot read. Shared by the CLI, the benchmark and the tests.

import { existsSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { stat } from 'node:fs/promises';
import { glob, globSync } from 'tinyglobby';
import { MAX_SOURCE_BYTES } from '../../core/syntax/decode.js';
import { isBuildFile, type ChangeResult, type Workspace } from '../../core/workspace/workspace.js';
import { contentHash } from '../../core/workspace/hash.js';
import type { FrontEndResult } from '../../core/syntax/frontend.js';
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
  const sources = globSync([...(options.include ?? DEFAULT_INCLUDE)], globOptions(root, options));
  return [...new Set([...sources, ...buildFilesAbove(root, sources)])].sort();
}

/** listTreeFiles without blocking the thread (the editor host lists a whole tree while it stays responsive). */
export async function listTreeFilesAsync(root: string, options: LoadOptions = {}): Promise<string[]> {
  const sources = await glob([...(options.include ?? DEFAULT_INCLUDE)], globOptions(root, options));
  const candidates = dirsAbove(sources).flatMap((dir) => KBUILD_FILE_NAMES.map((name) => `${dir}/${name}`));
  const isFile = await Promise.all(
    candidates.map((rel) =>
      stat(`${root}/${rel}`).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  );
  return [...new Set([...sources, ...candidates.filter((_, i) => isFile[i])])].sort();
}

function globOptions(root: string, options: LoadOptions) {
  return { cwd: root, ignore: [...(options.exclude ?? DEFAULT_EXCLUDE)], onlyFiles: true, followSymbolicLinks: false };
}

function dirsAbove(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return [...dirs];
}

function buildFilesAbove(root: string, files: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirsAbove(files))
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

export type ReadOutcome = { bytes: Uint8Array } | { note: string };

export function readScopeFile(root: string, rel: string): ReadOutcome {
  const abs = `${root}/${rel}`;
  try {
    const size = statSync(abs).size;
    if (size > MAX_SOURCE_BYTES)
      return { note: `skipped: file is ${(size / 1048576).toFixed(1)} MB, over the 10 MB limit` };
    return { bytes: readFileSync(abs) };
  } catch (err) {
    return { note: `skipped: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

function count(summary: LoadSummary, status: ChangeResult['status']): void {
  if (status === 'indexed') summary.indexed++;
  else if (status === 'cached') summary.cached++;
  else if (status === 'skipped') summary.skipped++;
}

export function loadTree(ws: Workspace, root: string, files: readonly string[]): LoadSummary {
  const summary: LoadSummary = { files: files.length, bytes: 0, indexed: 0, cached: 0, skipped: 0 };
  for (const rel of files) {
    const read = readScopeFile(root, rel);
    if ('note' in read) {
      ws.addNote({ path: rel, message: read.note });
      summary.skipped++;
      continue;
    }
    summary.bytes += read.bytes.length;
    count(summary, ws.applyChange(rel, read.bytes).status);
  }
  return summary;
}

export interface ParallelLoad {
  /** Runs the front end on these files (in worker threads) and returns their results in the same order. */
  analyse(files: readonly { path: string; bytes: Uint8Array; hash: string }[]): Promise<FrontEndResult[]>;
  /** Whether the workspace has a facts cache: then a content seen twice is analysed once, as loadTree does. */
  cached: boolean;
}

/**
 * loadTree with the front end of every C file the cache does not hold run by `parallel.analyse`; the files
 * are then applied in list order, so the workspace ends exactly as loadTree leaves it.
 */
export async function loadTreeParallel(
  ws: Workspace,
  root: string,
  files: readonly string[],
  parallel: ParallelLoad,
): Promise<LoadSummary> {
  const reads = files.map((rel) => readScopeFile(root, rel));
  const hashes = reads.map((r, i) => ('bytes' in r && !isBuildFile(files[i]!) ? contentHash(r.bytes) : ''));
  const wanted: { path: string; bytes: Uint8Array; hash: string }[] = [];
  const slot = new Map<number, number>();
  const seen = new Set<string>();
  reads.forEach((r, i) => {
    const hash = hashes[i]!;
    if (!('bytes' in r) || hash === '' || ws.hasCached(hash) || (parallel.cached && seen.has(hash))) return;
    seen.add(hash);
    slot.set(i, wanted.length);
    wanted.push({ path: files[i]!, bytes: r.bytes, hash });
  });
  const results = await parallel.analyse(wanted);
  const summary: LoadSummary = { files: files.length, bytes: 0, indexed: 0, cached: 0, skipped: 0 };
  reads.forEach((r, i) => {
    const rel = files[i]!;
    if ('note' in r) {
      ws.addNote({ path: rel, message: r.note });
      summary.skipped++;
      return;
    }
    summary.bytes += r.bytes.length;
    const at = slot.get(i);
    const status =
      at === undefined
        ? ws.applyChange(rel, r.bytes).status
        : ws.applyAnalysed(rel, r.bytes, hashes[i]!, results[at]!).status;
    count(summary, status);
  });
  return summary;
}
