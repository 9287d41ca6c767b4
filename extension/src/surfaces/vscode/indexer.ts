// Reads the hotplug scope of a tree and feeds it to a Workspace in time slices, so the extension host
// stays responsive on a whole Linux tree; the front end of files the cache lacks runs elsewhere when the host
// can (worker threads). Files that mention the traced functions go first. Files are applied in list order.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isBuildFile } from '../../core/workspace/workspace.js';
import type { IndexTarget } from './analysis.js';
import { contentHash } from '../../core/workspace/hash.js';
import type { FrontEndResult } from '../../core/syntax/frontend.js';
import { MAX_SOURCE_BYTES } from '../../core/syntax/decode.js';
import { listTreeFilesAsync } from '../node/tree.js';

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export interface IndexRun {
  root: string;
  include: readonly string[];
  exclude: readonly string[];
  /** Function names whose callers and definitions should be indexed first. */
  focusNames: readonly string[];
  /** Files on the traced paths of the previous session. */
  remembered: readonly string[];
  token: Cancellation;
  onProgress(done: number, total: number): void;
  /** What was just done (for the host-thread monitor). */
  step(done: string): void;
  /** Called once the priority files are in, before the rest. */
  onPriorityDone(): Promise<void>;
  /**
   * Runs the front end of these files off this thread and returns their results in the same order, calling
   * `onParsed` as each is done; absent, the front end runs here, one file at a time between pauses.
   */
  frontEnd?: (files: readonly ToAnalyse[], onParsed: () => void) => Promise<AnalysedElsewhere[]>;
}

export interface ToAnalyse {
  path: string;
  bytes: Uint8Array;
  hash: string;
}

export interface AnalysedElsewhere {
  result: FrontEndResult;
  /** The facts v8-serialised, as the worker that made them sent them. */
  facts?: Uint8Array;
}

export interface IndexOutcome {
  files: string[];
  done: number;
  cancelled: boolean;
}

const SLICE_MS = 25;
const READ_BATCH = 64;

export function listScope(root: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
  return listTreeFilesAsync(root, { include, exclude });
}

export async function indexTree(
  workspace: IndexTarget,
  run: IndexRun,
  files: readonly string[],
): Promise<IndexOutcome> {
  const texts = new Map<string, Uint8Array>();
  for (let i = 0; i < files.length; i += READ_BATCH) {
    if (run.token.isCancellationRequested) return { files: [...files], done: 0, cancelled: true };
    await Promise.all(
      files.slice(i, i + READ_BATCH).map(async (rel) => {
        const bytes = await readSource(workspace, run.root, rel);
        if (bytes) texts.set(rel, bytes);
      }),
    );
    run.step('read files');
  }
  const mentions = mentionPattern(run.focusNames);
  const remembered = new Set(run.remembered);
  const priority: string[] = [];
  const rest: string[] = [];
  let sliceStart = performance.now();
  /** Yields to the event loop once the current slice is over SLICE_MS; true when it did. */
  const pause = async (): Promise<boolean> => {
    if (performance.now() - sliceStart <= SLICE_MS) return false;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
    return true;
  };
  for (const rel of files) {
    if (await pause()) run.step('priority files found');
    const bytes = texts.get(rel);
    if (!bytes) continue;
    if (
      remembered.has(rel) ||
      (mentions && mentions.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')))
    )
      priority.push(rel);
    else rest.push(rel);
  }
  let done = files.length - texts.size;
  /** The front-end results of the files the cache lacks, computed off this thread (when the host can). */
  const analyseElsewhere = async (list: readonly string[]) => {
    const analysed = new Map<string, { hash: string; made: AnalysedElsewhere }>();
    if (!run.frontEnd) return analysed;
    const wanted: ToAnalyse[] = [];
    for (const rel of list) {
      if (run.token.isCancellationRequested) return analysed;
      if (isBuildFile(rel)) continue;
      const bytes = texts.get(rel)!;
      const hash = contentHash(bytes);
      if (!workspace.hasCached(hash)) wanted.push({ path: rel, bytes, hash });
      run.step('facts cache read');
      await pause();
    }
    const results = await run.frontEnd(wanted, () => {
      done++;
      if (performance.now() - sliceStart > SLICE_MS) {
        run.onProgress(done, files.length);
        sliceStart = performance.now();
      }
    });
    run.step('front end results received');
    wanted.forEach((w, i) => analysed.set(w.path, { hash: w.hash, made: results[i]! }));
    return analysed;
  };
  const applyAll = async (list: readonly string[]): Promise<boolean> => {
    const analysed = await analyseElsewhere(list);
    for (const rel of list) {
      if (run.token.isCancellationRequested) return false;
      const elsewhere = analysed.get(rel);
      if (elsewhere)
        workspace.applyAnalysed(rel, texts.get(rel)!, elsewhere.hash, elsewhere.made.result, elsewhere.made.facts);
      else {
        workspace.applyChange(rel, texts.get(rel)!);
        done++;
      }
      run.step(`indexed ${rel}`);
      texts.delete(rel);
      if (await pause()) run.onProgress(done, files.length);
    }
    run.onProgress(done, files.length);
    return true;
  };
  if (!(await applyAll(priority))) return { files: [...files], done, cancelled: true };
  await run.onPriorityDone();
  const finished = await applyAll(rest);
  return { files: [...files], done, cancelled: !finished };
}

async function readSource(workspace: IndexTarget, root: string, rel: string): Promise<Uint8Array | undefined> {
  const abs = join(root, rel);
  try {
    const size = (await stat(abs)).size;
    if (size > MAX_SOURCE_BYTES) {
      workspace.addNote({
        path: rel,
        message: `skipped: file is ${(size / 1048576).toFixed(1)} MB, over the 10 MB limit`,
      });
      return undefined;
    }
    return await readFile(abs);
  } catch (err) {
    workspace.addNote({
      path: rel,
      message: `skipped: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    });
    return undefined;
  }
}

function mentionPattern(names: readonly string[]): RegExp | undefined {
  if (names.length === 0) return undefined;
  return new RegExp(`\\b(?:${names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '')).join('|')})\\s*\\(`);
}
