// Opens a kernel tree for a CLI command: lists and loads files through the facts cache into a snapshot.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCParser } from '../../core/syntax/parser.js';
import { Workspace, type Snapshot } from '../../core/workspace/workspace.js';
import { readWasm } from '../node/wasm.js';
import { listTreeFiles, loadTree, loadTreeParallel, type LoadSummary } from '../node/tree.js';
import { DiskFactsCache } from '../node/cache.js';
import { parseInWorkers, ParsePool, workerScript } from '../node/parse-pool.js';
import { analyzeOnDemand, parseHere, type DemandResult } from '../node/demand-tree.js';
import type { AnalyzeOptions } from '../../core/analysis/analyze.js';
import { timings } from './timings.js';

export class UsageError extends Error {}

export interface OpenedTree {
  root: string;
  snapshot: Snapshot;
  summary: LoadSummary;
}

export interface OpenOptions {
  tree?: string;
  cache?: boolean;
  /** Front ends run at once (worker threads); 1 runs them on this thread. */
  jobs?: number;
}

/** The fixture tree shipped in the repository, used when no --tree is given. */
export function embeddedFixtureRoot(): string {
  for (const base of [join(__dirname, '..'), join(__dirname, '../../../..')]) {
    const candidate = join(base, 'test-fixtures', 'linux-4.19-shape');
    if (existsSync(candidate)) return candidate;
  }
  throw new UsageError(
    'no --tree given and the embedded fixture tree (test-fixtures/linux-4.19-shape) is not beside this build',
  );
}

function readTreeFile(root: string, path: string): Uint8Array | undefined {
  try {
    return readFileSync(join(root, path));
  } catch {
    return undefined;
  }
}

function treeRoot(options: OpenOptions): string {
  const root = options.tree ? resolve(options.tree) : embeddedFixtureRoot();
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`--tree ${options.tree}: not a directory`);
  return root;
}

function scopeFiles(root: string): string[] {
  const files = timings.time('list', () => listTreeFiles(root));
  if (!files.some((f) => f.endsWith('.c') || f.endsWith('.h'))) {
    throw new UsageError(
      `${root}: no C files in the hotplug scope (mm/, kernel/, drivers/base/, arch/*/mm/, include/linux/, drivers/dax/, drivers/nvdimm/)`,
    );
  }
  return files;
}

/**
 * The check's analysis from the files the roots reach (see node/demand-tree.ts), parsed in rounds on a pool
 * of `jobs` workers kept between them; the answer is the full index's.
 */
export async function analyzeTreeOnDemand(options: OpenOptions, analysis: AnalyzeOptions): Promise<DemandResult> {
  const root = treeRoot(options);
  const files = scopeFiles(root);
  const parser = await createCParser(readWasm(__dirname));
  timings.instrument(parser);
  const cache = options.cache === false ? undefined : new DiskFactsCache();
  const script = workerScript(__dirname);
  const jobs = options.jobs ?? 1;
  const pool = jobs > 1 && script ? new ParsePool(script, jobs) : undefined;
  try {
    const result = await timings.timeAsync('demand', () =>
      analyzeOnDemand(
        root,
        files,
        {
          parser,
          cache,
          reread: (path) => readTreeFile(root, path),
          ...(timings.enabled ? { log: (line: string) => process.stderr.write(`  demand: ${line}\n`) } : {}),
          parse: pool
            ? async (wanted) => {
                const parsed = await pool.parse(wanted);
                for (const p of parsed) {
                  timings.workers.files++;
                  timings.workers.total += p.ms;
                  timings.workers.parse += p.parseMs;
                }
                return parsed;
              }
            : parseHere(parser),
        },
        analysis,
      ),
    );
    return {
      ...result,
      finish: async () => {
        const n = await result.finish();
        await pool?.close();
        saveCache(cache);
        return n;
      },
    };
  } finally {
    await pool?.close();
    timings.time('cache save', () => saveCache(cache));
  }
}

function saveCache(cache: DiskFactsCache | undefined): void {
  try {
    cache?.save();
  } catch {
    // A read-only cache folder only costs the next run its warm start.
  }
}

export async function openTree(options: OpenOptions): Promise<OpenedTree> {
  const root = treeRoot(options);
  const files = scopeFiles(root);
  const parser = await createCParser(readWasm(__dirname));
  timings.instrument(parser);
  const cache = options.cache === false ? undefined : new DiskFactsCache();
  // Bodies are reparsed from disk, for the few files the replay reaches, instead of keeping every file's bytes.
  const workspace = new Workspace(parser, cache, (path) => readTreeFile(root, path));
  const script = workerScript(__dirname);
  const jobs = options.jobs ?? 1;
  const summary = await timings.timeAsync('front end', () =>
    jobs > 1 && script
      ? loadTreeParallel(workspace, root, files, {
          cached: cache !== undefined,
          analyse: async (wanted) => {
            const parsed = await parseInWorkers(script, jobs, wanted);
            parsed.forEach((p, i) => {
              if (p.serialized) cache?.offer(wanted[i]!.hash, p.serialized);
            });
            for (const p of parsed) {
              timings.workers.files++;
              timings.workers.total += p.ms;
              timings.workers.parse += p.parseMs;
            }
            return parsed.map((p) => p.result);
          },
        })
      : Promise.resolve(loadTree(workspace, root, files)),
  );
  timings.time('cache save', () => {
    try {
      cache?.save();
    } catch {
      // A read-only cache folder only costs the next run its warm start.
    }
  });
  return { root, snapshot: workspace.snapshot(), summary };
}
