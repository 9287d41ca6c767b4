// `npm run fuzz`: in-process mutation fuzzing of patch mails through mail reading, apply, analysis and
// every review format, against the embedded fixture tree. Worker threads run the inputs; the main thread
// gives each input a time budget and ends a worker that overruns it (a hang). Input N of seed S is the
// same on every run, so a crash or hang is replayed with `--seed S --from N --count 1`.
// Prints figures; exits 1 when it found a crash or a hang.

import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Command } from 'commander';
import { inputFor, loadCorpus, type Corpus } from './corpus.js';
import { createTarget, type Outcome, type RunResult } from './target.js';

const repoRoot = resolve(__dirname, '..');
const fixtureTree = join(repoRoot, 'test-fixtures/linux-4.19-shape');

interface Options {
  seed: number;
  count: number;
  from: number;
  minutes?: number;
  workers: number;
  budgetMs: number;
  out: string;
  json: boolean;
  replay?: string[];
}

type ToWorker = { index: number } | { stop: true };
type FromWorker = { ready: true } | { index: number; ms: number; result: RunResult };

interface Failure {
  index: number;
  seedFile: string;
  mutators: string[];
  kind: 'exception' | 'output' | 'hang';
  error: string;
  saved: string;
}

// ---- worker side -----------------------------------------------------------------------------------

async function workerMain(): Promise<void> {
  const { seed } = workerData as { seed: number };
  const corpus = loadCorpus(repoRoot);
  const target = await createTarget(fixtureTree, __dirname);
  parentPort!.on('message', (msg: ToWorker) => {
    if ('stop' in msg) process.exit(0);
    const input = inputFor(corpus, seed, msg.index);
    const started = performance.now();
    void target.run(input.bytes).then((result) => {
      parentPort!.postMessage({ index: msg.index, ms: performance.now() - started, result } satisfies FromWorker);
    });
  });
  parentPort!.postMessage({ ready: true } satisfies FromWorker);
}

// ---- main side -------------------------------------------------------------------------------------

function parseOptions(argv: string[]): Options {
  const num = (name: string, min: number) => (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} takes a number >= ${min}, not '${v}'`);
    return n;
  };
  const cmd = new Command('fuzz')
    .option('--seed <n>', 'PRNG seed (the same seed gives the same inputs)', num('--seed', 0), 1)
    .option('--count <n>', 'inputs to run', num('--count', 1), 10000)
    .option('--from <n>', 'index of the first input', num('--from', 0), 0)
    .option('--minutes <m>', 'stop after this long, even before --count inputs', num('--minutes', 0))
    .option('--workers <n>', 'worker threads', num('--workers', 1), Math.max(1, availableParallelism()))
    .option('--budget-ms <ms>', 'time one input may take before it counts as a hang', num('--budget-ms', 1), 10000)
    .option('--out <dir>', 'where crashing and hanging inputs are written', join(repoRoot, 'test-output/fuzz'))
    .option('--json', 'print the summary as JSON')
    .option('--replay <file...>', 'run these files through the target once each and print what happened');
  cmd.parse(argv);
  return cmd.opts<Options>();
}

async function replay(files: string[]): Promise<number> {
  const target = await createTarget(fixtureTree, __dirname);
  let bad = 0;
  for (const file of files) {
    const result = await target.run(readFileSync(file), file);
    if (!result.ok) bad++;
    process.stdout.write(
      `${file}: ${result.ok ? JSON.stringify(result.outcome) : `${result.kind}: ${result.error}`}\n`,
    );
  }
  return bad ? 1 : 0;
}

interface Stats {
  done: number;
  reviewed: number;
  analysed: number;
  problems: number;
  slowest: { index: number; ms: number; mutators: string[] }[];
}

function record(stats: Stats, corpus: Corpus, seed: number, index: number, ms: number, outcome: Outcome): void {
  stats.done++;
  if (outcome.reviewed) stats.reviewed++;
  if (outcome.analysed) stats.analysed++;
  stats.problems += outcome.problems;
  if (stats.slowest.length < 5 || ms > stats.slowest[stats.slowest.length - 1]!.ms) {
    stats.slowest.push({ index, ms, mutators: inputFor(corpus, seed, index).mutators });
    stats.slowest.sort((a, b) => b.ms - a.ms);
    stats.slowest.length = Math.min(stats.slowest.length, 5);
  }
}

async function fuzz(opts: Options): Promise<number> {
  const corpus = loadCorpus(repoRoot);
  const stats: Stats = { done: 0, reviewed: 0, analysed: 0, problems: 0, slowest: [] };
  const failures: Failure[] = [];
  const started = Date.now();
  const deadline = opts.minutes !== undefined ? started + opts.minutes * 60_000 : Infinity;
  const end = opts.from + opts.count;
  let next = opts.from;
  let lastReport = started;

  const fail = (index: number, kind: Failure['kind'], error: string) => {
    const input = inputFor(corpus, opts.seed, index);
    mkdirSync(opts.out, { recursive: true });
    const saved = join(opts.out, `seed${opts.seed}-${index}.mbox`);
    writeFileSync(saved, input.bytes);
    writeFileSync(
      `${saved}.txt`,
      `seed ${opts.seed} input ${index}: ${input.seedName} + ${input.mutators.join(', ')}\n${kind}: ${error}\n`,
    );
    failures.push({ index, seedFile: input.seedName, mutators: input.mutators, kind, error, saved });
  };

  await new Promise<void>((done) => {
    let live = 0;
    const spawn = () => {
      live++;
      const worker = new Worker(__filename, { workerData: { seed: opts.seed } });
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const dispatch = () => {
        if (next >= end || Date.now() >= deadline) {
          current = undefined;
          worker.postMessage({ stop: true } satisfies ToWorker);
          return;
        }
        current = next++;
        worker.postMessage({ index: current } satisfies ToWorker);
        timer = setTimeout(() => {
          fail(current!, 'hang', `no answer within ${opts.budgetMs} ms`);
          stats.done++;
          current = undefined;
          void worker.terminate();
        }, opts.budgetMs);
      };
      worker.on('message', (msg: FromWorker) => {
        if ('ready' in msg) return dispatch();
        clearTimeout(timer);
        if (msg.result.ok) record(stats, corpus, opts.seed, msg.index, msg.ms, msg.result.outcome);
        else {
          stats.done++;
          fail(msg.index, msg.result.kind, msg.result.error);
        }
        if (!opts.json && Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          process.stderr.write(
            `fuzz: ${stats.done} inputs, ${failures.length} failures, ${rate(stats.done, started)} inputs/minute\n`,
          );
        }
        dispatch();
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        if (current !== undefined) {
          fail(current, 'exception', `worker died: ${err.stack ?? String(err)}`);
          stats.done++;
          current = undefined;
        }
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        live--;
        // A worker ended for a hang (or died) is replaced while inputs are left.
        if (next < end && Date.now() < deadline) spawn();
        else if (live === 0) done();
      });
    };
    for (let w = 0; w < Math.min(opts.workers, opts.count); w++) spawn();
  });

  const seconds = (Date.now() - started) / 1000;
  const summary = {
    seed: opts.seed,
    from: opts.from,
    inputs: stats.done,
    seconds: Math.round(seconds * 10) / 10,
    inputsPerMinute: rate(stats.done, started),
    workers: opts.workers,
    budgetMs: opts.budgetMs,
    crashes: failures.filter((f) => f.kind !== 'hang'),
    hangs: failures.filter((f) => f.kind === 'hang'),
    reviewed: stats.reviewed,
    analysedAfresh: stats.analysed,
    meanProblems: stats.done ? Math.round((stats.problems / stats.done) * 100) / 100 : 0,
    slowest: stats.slowest.map((s) => ({ ...s, ms: Math.round(s.ms) })),
    seeds: corpus.names.length,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(formatSummary(summary));
  return failures.length ? 1 : 0;
}

const rate = (done: number, started: number) => Math.round(done / Math.max(1e-9, (Date.now() - started) / 60_000));

function formatSummary(s: {
  seed: number;
  inputs: number;
  seconds: number;
  inputsPerMinute: number;
  workers: number;
  budgetMs: number;
  crashes: Failure[];
  hangs: Failure[];
  reviewed: number;
  analysedAfresh: number;
  meanProblems: number;
  slowest: { index: number; ms: number; mutators: string[] }[];
  seeds: number;
}): string {
  const lines = [
    `seed ${s.seed}: ${s.inputs} inputs from ${s.seeds} seed files in ${s.seconds} s on ${s.workers} workers (${s.inputsPerMinute} inputs/minute)`,
    `crashes: ${s.crashes.length}`,
    ...s.crashes.map(
      (f) =>
        `  #${f.index} ${f.kind} (${f.seedFile} + ${f.mutators.join(', ')}): ${f.error.split('\n')[0]} -> ${f.saved}`,
    ),
    `hangs: ${s.hangs.length} (budget ${s.budgetMs} ms per input)`,
    ...s.hangs.map((f) => `  #${f.index} (${f.seedFile} + ${f.mutators.join(', ')}) -> ${f.saved}`),
    `reviewed (some hunk applied): ${s.reviewed}; tree analysed afresh after the series: ${s.analysedAfresh}; problems per input: ${s.meanProblems}`,
    `slowest: ${s.slowest.map((x) => `#${x.index} ${x.ms} ms (${x.mutators.join('+')})`).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

if (isMainThread) {
  const opts = parseOptions(process.argv);
  void (opts.replay ? replay(opts.replay) : fuzz(opts)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`fuzz: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
} else {
  void workerMain();
}
