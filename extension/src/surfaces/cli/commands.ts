// The CLI's commands: each opens the tree, runs the core, prints one format. Returns the exit code.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../core/kernel/config.js';
import { formatPathsDot, formatPathsText, pathsJson } from '../../core/report/paths.js';
import { indexJsonPieces } from '../../core/report/index-json.js';
import { writePieces } from './write-pieces.js';
import { terminalSafe } from '../../core/report/escape.js';
import { readSeries, sizeRefusal } from '../../core/patch/series.js';
import { applySeries } from '../../core/patch/apply.js';
import { withSeries } from '../../core/patch/review.js';
import { problemLine, type PatchSource } from '../../core/patch/types.js';
import { decodeSource } from '../../core/syntax/decode.js';
import { openTree, UsageError, type OpenedTree } from './session.js';
import { readStdinSource } from './stdin.js';
import { analyzeTimed } from './timed-analyze.js';
import { timings } from './timings.js';

export interface TreeOpts {
  tree?: string;
  arch: string;
  cache: boolean;
  jobs?: number;
  patch?: string[];
}

interface PathsOpts extends TreeOpts {
  from?: string[];
  to?: string[];
  maxDepth: number;
  maxPaths: number;
  format: 'text' | 'json' | 'dot';
}

export const warn = (line: string) => process.stderr.write(`${terminalSafe(line)}\n`);

export async function openWithPatches(opts: TreeOpts): Promise<OpenedTree> {
  const opened = await openQuiet(opts);
  if (opts.patch?.length) return applyPatchFiles(opened, opts.patch);
  return opened;
}

/** Opens the tree and prints its notes, without applying patches. */
export async function openQuiet(opts: TreeOpts): Promise<OpenedTree> {
  const opened = await openTree({ tree: opts.tree, cache: opts.cache, ...(opts.jobs ? { jobs: opts.jobs } : {}) });
  for (const n of opened.snapshot.notes) warn(`${n.path}${n.line ? `:${n.line}` : ''}: note: ${n.message}`);
  return opened;
}

/**
 * Reads --patch files (a directory stands for its .patch/.diff/.mbx/.mbox/.eml files, `-` for standard
 * input); oversized ones by size only.
 */
export async function readPatchSources(files: readonly string[]): Promise<PatchSource[]> {
  if (files.filter((f) => f === '-').length > 1)
    throw new UsageError('--patch -: standard input can be read only once');
  const sources: PatchSource[] = [];
  for (const file of files) {
    if (file === '-') {
      sources.push(await readStdinSource());
      continue;
    }
    if (!existsSync(file)) throw new UsageError(`--patch ${file}: no such file`);
    const names = statSync(file).isDirectory()
      ? readdirSync(file)
          .filter((n) => /\.(patch|diff|mbx|mbox|eml)$/i.test(n))
          .sort()
          .map((n) => join(file, n))
      : [file];
    for (const name of names) {
      const size = statSync(name).size;
      sources.push(sizeRefusal(name, size) ? { name, size } : { name, bytes: readFileSync(name) });
    }
  }
  return sources;
}

/** Reads a tree file as text for patch application; undefined when it is not there. */
export function treeReader(root: string): (p: string) => string | undefined {
  return (p) => {
    const abs = join(root, p);
    if (!existsSync(abs) || !statSync(abs).isFile()) return undefined;
    const d = decodeSource(readFileSync(abs));
    return d.ok ? d.text : undefined;
  };
}

/** Applies --patch files in memory over the opened tree's snapshot (for commands that only need the result). */
async function applyPatchFiles(opened: OpenedTree, files: string[]): Promise<OpenedTree> {
  const series = await readSeries(await readPatchSources(files));
  const applied = applySeries(series.mails, treeReader(opened.root));
  for (const p of [...series.problems, ...applied.problems]) warn(problemLine(p));
  return { ...opened, snapshot: withSeries(opened.snapshot, applied) };
}

export async function runPaths(opts: PathsOpts): Promise<number> {
  const { snapshot } = await openWithPatches(opts);
  const { graph, paths: result } = await analyzeTimed(snapshot, {
    config: defaultConfig(opts.arch),
    check: false,
    trace: { from: opts.from ?? [], to: opts.to ?? [], maxDepth: opts.maxDepth, maxPaths: opts.maxPaths },
  });
  const explicit = new Set([...(opts.from ?? []), ...(opts.to ?? [])]);
  for (const name of result.missing) {
    if (explicit.has(name)) warn(`note: ${name}() is not defined in this tree (for this configuration)`);
  }
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(pathsJson(graph, result), null, 2)}\n`);
  else if (opts.format === 'dot') process.stdout.write(`${formatPathsDot(graph, result)}\n`);
  else process.stdout.write(`${formatPathsText(graph, result)}\n`);
  return 0;
}

export async function runIndex(opts: TreeOpts): Promise<number> {
  const { snapshot } = await openWithPatches(opts);
  const { graph } = await analyzeTimed(snapshot, { config: defaultConfig(opts.arch), check: false, trace: false });
  await timings.timeAsync('output', () => writePieces(indexJsonPieces(snapshot, graph), process.stdout));
  return 0;
}
