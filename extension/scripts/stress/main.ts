// `npm run stress:tree`: every .c and .h file of a whole kernel tree (Debian's 6.1 unless --tree says
// otherwise) through the index's front end on worker threads, then the call graph over all of their facts.
// Prints figures: files, bytes, exceptions (each with its file), files with parse errors, the slowest
// files, total time, peak RSS. Exits 1 when anything threw or overran its time budget.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Command } from 'commander';
import { buildCallGraph } from '../../src/core/callgraph/graph.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { createCParser } from '../../src/core/syntax/parser.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { loadTree } from '../../src/surfaces/node/tree.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';
import { runFile, type FileRun } from './file-run.js';
import { listWholeTree } from './list.js';
import { formatSummary, type Exception, type Summary } from './summary.js';

const repoRoot = resolve(__dirname, '..');

interface Options {
  tree?: string;
  workers: number;
  budgetMs: number;
  limit?: number;
  graph?: boolean;
  json: boolean;
  out: string;
}

type ToWorker = { index: number } | { stop: true };
type FromWorker = { ready: true } | { index: number; ms: number; bytes: number; run: FileRun };

// ---- worker side -----------------------------------------------------------------------------------

async function workerMain(): Promise<void> {
  const { root, files, keepFacts } = workerData as { root: string; files: string[]; keepFacts: boolean };
  let parser = await createCParser(readWasm(__dirname));
  parentPort!.on('message', (msg: ToWorker) => {
    if ('stop' in msg) process.exit(0);
    const path = files[msg.index]!;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(root, path));
    } catch (err) {
      const reason = `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
      parentPort!.postMessage({ index: msg.index, ms: 0, bytes: 0, run: { status: 'skipped', reason } });
      return;
    }
    const started = performance.now();
    const run = runFile(parser, path, bytes, keepFacts);
    const ms = performance.now() - started;
    parentPort!.postMessage({ index: msg.index, ms, bytes: bytes.length, run } satisfies FromWorker);
    // A parser that threw may be left mid-parse; the next file gets a fresh one.
    if (run.status === 'exception') {
      parser.delete();
      void createCParser(readWasm(__dirname)).then((p) => (parser = p));
    }
  });
  parentPort!.postMessage({ ready: true } satisfies FromWorker);
}

// ---- main side -------------------------------------------------------------------------------------

function parseOptions(argv: string[]): Options {
  const num = (name: string, min: number) => (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} takes a whole number >= ${min}, not '${v}'`);
    return n;
  };
  const cmd = new Command('stress:tree')
    .option(
      '--tree <dir>',
      'kernel tree to read (default: Debian linux-source-6.1, unpacked under /var/tmp/memhp-stress)',
    )
    .option('--workers <n>', 'worker threads', num('--workers', 1), Math.max(1, Math.min(2, availableParallelism())))
    .option('--budget-ms <ms>', 'time one file may take before it counts as a hang', num('--budget-ms', 1), 120_000)
    .option('--limit <n>', 'only the first N source files (sorted by path)', num('--limit', 1))
    .option(
      '--graph',
      "also build the call graph over every file's facts (a whole tree needs node --max-old-space-size=16384)",
    )
    .option('--json', 'print the summary as JSON')
    .option(
      '--out <file>',
      'where the full summary is written as JSON',
      join(repoRoot, 'test-output/stress/tree.json'),
    );
  cmd.parse(argv);
  return cmd.opts<Options>();
}

/** The Debian 6.1 tree, unpacked whole by kernel-tree.sh into the stress cache (installed when missing). */
function defaultTree(): string {
  return execFileSync('bash', [join(repoRoot, 'extension/scripts/kernel-tree.sh'), '6.1'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MEMHP_KERNEL_CACHE: process.env.MEMHP_KERNEL_CACHE ?? '/var/tmp/memhp-stress' },
  }).trim();
}

interface FrontEndStats {
  done: number;
  bytes: number;
  ok: number;
  skipped: { path: string; reason: string }[];
  exceptions: Exception[];
  parseErrorFiles: number;
  errorBytes: number;
  functions: number;
  calls: number;
  bodies: number;
  slowest: { path: string; ms: number; bytes: number }[];
  factsByHash: Map<string, FileFacts>;
}

function record(stats: FrontEndStats, path: string, ms: number, bytes: number, run: FileRun): void {
  stats.done++;
  stats.bytes += bytes;
  switch (run.status) {
    case 'skipped':
      stats.skipped.push({ path, reason: run.reason });
      return;
    case 'exception':
      stats.exceptions.push({ path, stage: run.stage, error: run.error });
      return;
    case 'ok': {
      stats.ok++;
      const c = run.counts;
      if (c.errorNodes > 0) stats.parseErrorFiles++;
      stats.errorBytes += c.errorBytes;
      stats.functions += c.functions;
      stats.calls += c.calls;
      stats.bodies += c.bodies;
      if (run.facts) stats.factsByHash.set(run.hash, run.facts);
    }
  }
  if (stats.slowest.length < 10 || ms > stats.slowest[stats.slowest.length - 1]!.ms) {
    stats.slowest.push({ path, ms, bytes });
    stats.slowest.sort((a, b) => b.ms - a.ms);
    stats.slowest.length = Math.min(stats.slowest.length, 10);
  }
}

function runFrontEnd(root: string, sources: string[], opts: Options): Promise<FrontEndStats> {
  const stats: FrontEndStats = {
    done: 0,
    bytes: 0,
    ok: 0,
    skipped: [],
    exceptions: [],
    parseErrorFiles: 0,
    errorBytes: 0,
    functions: 0,
    calls: 0,
    bodies: 0,
    slowest: [],
    factsByHash: new Map(),
  };
  const started = Date.now();
  let lastReport = started;
  let next = 0;
  return new Promise((done) => {
    let live = 0;
    const spawn = () => {
      live++;
      const worker = new Worker(__filename, { workerData: { root, files: sources, keepFacts: opts.graph } });
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const lost = (error: string) => {
        stats.done++;
        stats.exceptions.push({ path: sources[current!]!, stage: 'worker', error });
        current = undefined;
      };
      const dispatch = () => {
        if (next >= sources.length) {
          current = undefined;
          worker.postMessage({ stop: true } satisfies ToWorker);
          return;
        }
        current = next++;
        worker.postMessage({ index: current } satisfies ToWorker);
        timer = setTimeout(() => {
          lost(`hang: no answer within ${opts.budgetMs} ms`);
          void worker.terminate();
        }, opts.budgetMs);
      };
      worker.on('message', (msg: FromWorker) => {
        if ('ready' in msg) return dispatch();
        clearTimeout(timer);
        record(stats, sources[msg.index]!, msg.ms, msg.bytes, msg.run);
        if (!opts.json && Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          const perMinute = Math.round(stats.done / ((Date.now() - started) / 60_000));
          process.stderr.write(
            `stress: ${stats.done}/${sources.length} files, ${stats.exceptions.length} exceptions, ${perMinute} files/minute\n`,
          );
        }
        dispatch();
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        if (current !== undefined) lost(`worker died: ${err.stack ?? String(err)}`);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        live--;
        // A worker ended for a hang (or that died) is replaced while files are left.
        if (next < sources.length) spawn();
        else if (live === 0) done(stats);
      });
    };
    for (let w = 0; w < Math.min(opts.workers, sources.length); w++) spawn();
  });
}

/** Builds the call graph over every file's facts, as the index would: the facts come from the run, not a reparse. */
async function runCallGraph(root: string, files: string[], stats: FrontEndStats) {
  const parser = await createCParser(readWasm(__dirname));
  const ws = new Workspace(parser, { get: (hash) => stats.factsByHash.get(hash), set: () => {} });
  loadTree(ws, root, files);
  const graph = buildCallGraph(ws.snapshot(), defaultConfig('x86'));
  return { functions: graph.stats.functions, edges: graph.stats.edges, notes: graph.notes.length };
}

async function main(opts: Options): Promise<number> {
  const started = Date.now();
  const root = resolve(opts.tree ?? defaultTree());
  const listing = listWholeTree(root);
  const sources = opts.limit ? listing.sources.slice(0, opts.limit) : listing.sources;
  const buildFiles = listing.buildFiles;
  const linked = new Set(listing.symlinked);

  const frontStarted = Date.now();
  const stats = await runFrontEnd(root, sources, opts);
  const frontSeconds = (Date.now() - frontStarted) / 1000;
  const rssAfterFrontEnd = process.resourceUsage().maxRSS * 1024;

  let graph: Summary['graph'];
  if (opts.graph) {
    const graphStarted = Date.now();
    // Files that threw stay out: the workspace would parse them again, in this thread.
    const threw = new Set(stats.exceptions.map((e) => e.path));
    const files = [...buildFiles, ...sources.filter((p) => !threw.has(p))];
    try {
      graph = { ...(await runCallGraph(root, files, stats)), seconds: (Date.now() - graphStarted) / 1000 };
    } catch (err) {
      stats.exceptions.push({ path: '(call graph)', stage: 'call graph', error: (err as Error).stack ?? String(err) });
    }
  }

  const summary: Summary = {
    tree: root,
    files: sources.length,
    symlinked: sources.filter((p) => linked.has(p)).length,
    bytes: stats.bytes,
    workers: opts.workers,
    analysed: stats.ok,
    skipped: stats.skipped,
    exceptions: stats.exceptions,
    parseErrorFiles: stats.parseErrorFiles,
    errorBytes: stats.errorBytes,
    functions: stats.functions,
    calls: stats.calls,
    bodies: stats.bodies,
    slowest: stats.slowest.map((s) => ({ ...s, ms: Math.round(s.ms) })),
    frontEndSeconds: round1(frontSeconds),
    graph: graph && { ...graph, seconds: round1(graph.seconds) },
    totalSeconds: round1((Date.now() - started) / 1000),
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1048576),
    rssAfterFrontEndMB: Math.round(rssAfterFrontEnd / 1048576),
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return stats.exceptions.length ? 1 : 0;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

if (isMainThread) {
  void main(parseOptions(process.argv)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`stress:tree: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
} else {
  void workerMain();
}
