// Benchmark on Debian's linux-source-6.1 hotplug scope: the figures of the speed goals (issue 10), each with
// its ratio to `cscope -b -q -k` on the same file list in the same run, the machine's load around the run,
// and the CLI's own phase profile (--timings), then the editor's figures from the end-to-end case
// extension/test/e2e/edit-latency.test.ts run in the same process tree. Prints figures; asserts nothing.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repo, 'dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'memhp-bench-'));

function ensureTool(probe, pkg) {
  if (spawnSync(probe[0], probe.slice(1), { stdio: 'ignore' }).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
}

/** The CLI's own file listing (surfaces/node/tree.ts over core/kernel/scope.ts), bundled on the fly so the lists match. */
async function listScope(root) {
  const out = join(work, 'tree-listing.mjs');
  await build({
    entryPoints: [join(repo, 'extension/src/surfaces/node/tree.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'warning',
  });
  const { listTreeFiles } = await import(pathToFileURL(out).href);
  return listTreeFiles(root);
}

/**
 * Runs a command under /usr/bin/time -v: wall seconds and seconds to its first byte on standard output (both
 * measured here, from the spawn), peak RSS in MB (from time), and its output.
 */
function measure(cmd, args, { cwd = repo, env = process.env, okCodes = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e9;
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd, env });
    let firstOutput;
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => {
      firstOutput ??= since();
      out.push(chunk);
    });
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = since();
      const stderr = Buffer.concat(err).toString('utf8');
      if (!okCodes.includes(code)) {
        reject(
          new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(0, 5).join(' / ')}`),
        );
        return;
      }
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({
        seconds,
        firstOutput: firstOutput ?? seconds,
        rssMB: rss ? Number(rss[1]) / 1024 : NaN,
        stdout: Buffer.concat(out).toString('utf8'),
        timings: parseTimings(stderr),
      });
    });
  });
}

/** The phase lines the CLI's --timings writes to standard error: phase -> seconds, and the workers' split. */
function parseTimings(stderr) {
  const phases = new Map();
  for (const m of stderr.matchAll(
    /^ {2}(\w[\w +]*?) +([\d.]+) s +\d+%(?: \((?:parse ([\d.]+) s|of which body reparse ([\d.]+) s)[^)]*\))?(?:;.*)?$/gm,
  ))
    phases.set(m[1], { seconds: Number(m[2]), parse: Number(m[3] ?? m[4] ?? NaN) });
  const w = /^ {2}workers: (\d+) files, CPU ([\d.]+) s \(parse ([\d.]+) s/m.exec(stderr);
  // `check --demand` splits its one phase into steps: the lexical pass, parse rounds, graph builds, replays.
  const demand = { lexical: 0, rounds: 0, graph: 0, replay: 0, other: 0, count: 0 };
  for (const m of stderr.matchAll(/^ {2}demand: (.*): ([\d.]+) s$/gm)) {
    const what = m[1];
    const seconds = Number(m[2]);
    const step = what.startsWith('read and lexical')
      ? 'lexical'
      : what.startsWith('round')
        ? 'rounds'
        : what.startsWith('graph')
          ? 'graph'
          : what.startsWith('replay')
            ? 'replay'
            : 'other';
    demand[step] += seconds;
    if (step === 'rounds') demand.count++;
  }
  return {
    phases,
    workers: w ? { files: Number(w[1]), cpu: Number(w[2]), parse: Number(w[3]) } : undefined,
    demand: demand.count > 0 ? demand : undefined,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const row = (cells, widths) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
/**
 * The editor's figures: runs the e2e case of 50 edits in code-server (cold index, warm Re-index, edits), which
 * writes what the extension's memhp._hostPerf reported to a file. Undefined (with the reason) when it failed.
 */
function editorFigures() {
  const out = join(work, 'editor.json');
  const run = spawnSync(
    process.execPath,
    [
      join(repo, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'extension/scripts/e2e/vitest.e2e.config.mts',
      'extension/test/e2e/edit-latency.test.ts',
    ],
    { cwd: repo, env: { ...process.env, MEMHP_BENCH_EDITOR_OUT: out }, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  let reports;
  try {
    reports = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    reports = {};
  }
  if (run.status !== 0 || !reports.edits)
    return {
      failed: `the e2e case exited ${run.status}: ${(run.stdout + run.stderr).trim().split('\n').slice(-8).join(' / ')}`,
    };
  const sorted = reports.edits.edits.map((e) => e.editToDiagnosticsMs).sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const analysis = reports.edits.edits.map((e) => e.analysisMs).sort((a, b) => a - b);
  const analysisAt = (p) => analysis[Math.min(analysis.length - 1, Math.ceil((p / 100) * analysis.length) - 1)];
  return {
    reports,
    edits: sorted.length,
    p50: at(50),
    p95: at(95),
    max: at(100),
    analysisP50: analysisAt(50),
    analysisP95: analysisAt(95),
  };
}

const pct = (part, whole) => `${((100 * part) / whole).toFixed(0)}%`;

/** One phase profile line: the share of each phase of the run's wall time, the front end split by its CPU time. */
function profile(run) {
  const { phases, workers } = run.timings;
  const total = run.seconds;
  const get = (p) => phases.get(p)?.seconds ?? 0;
  const front = phases.get('front end');
  let split = '';
  if (workers && workers.cpu > 0)
    split = ` (workers' CPU ${workers.cpu.toFixed(1)} s: parse ${pct(workers.parse, workers.cpu)}, decode+blank+extract ${pct(workers.cpu - workers.parse, workers.cpu)})`;
  else if (front && !Number.isNaN(front.parse) && front.seconds > 0)
    split = ` (parse ${pct(front.parse, front.seconds)}, decode+blank+extract ${pct(front.seconds - front.parse, front.seconds)})`;
  const d = run.timings.demand;
  if (d)
    return [
      `lexical pass ${pct(d.lexical, total)}`,
      `${d.count} parse rounds ${pct(d.rounds, total)}${split}`,
      `graph builds ${pct(d.graph, total)}`,
      `replays ${pct(d.replay, total)}`,
      `snapshots ${pct(d.other, total)}`,
      `cache save ${pct(get('cache save'), total)}`,
      `process start, wasm load, listing and exit ${pct(total - [...phases.values()].reduce((s, p) => s + p.seconds, 0), total)}`,
    ].join(', ');
  const replay = phases.get('replay');
  const reparse = replay && !Number.isNaN(replay.parse) ? ` (body reparse ${pct(replay.parse, total)})` : '';
  return [
    `front end (read, cache, parse, extract) ${pct(get('front end'), total)}${split}`,
    `cache save ${pct(get('cache save'), total)}`,
    `graph ${pct(get('graph'), total)}`,
    `replay ${pct(get('replay'), total)}${reparse}`,
    `output ${pct(get('output'), total)}`,
    `process start, wasm load, listing and exit ${pct(total - [...phases.values()].reduce((s, p) => s + p.seconds, 0), total)}`,
  ].join(', ');
}

try {
  ensureTool(['/usr/bin/time', '-V'], 'time');
  ensureTool(['cscope', '-V'], 'cscope');
  const root = execFileSync('bash', [join(repo, 'extension/scripts/kernel-tree.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const files = await listScope(root);
  const bytes = files.reduce((sum, f) => sum + statSync(join(root, f)).size, 0);
  const loadBefore = load();

  const listFile = join(work, 'cscope.files');
  writeFileSync(listFile, `${files.join('\n')}\n`);
  const cscope = await measure('cscope', ['-b', '-q', '-k', '-i', listFile, '-f', join(work, 'cscope.out')], {
    cwd: root,
  });

  const cacheEnv = (name) => ({ ...process.env, MEMHP_CACHE_DIR: join(work, name) });
  const tree = ['--tree', root, '--timings'];
  // First findings: the check of the default entries with an empty cache, to its first byte of findings.
  const firstCheck = await measure(process.execPath, [cli, 'check', ...tree], {
    env: cacheEnv('first'),
    okCodes: [0, 1],
  });
  // The same through the demand-driven path, which parses only the files the roots reach.
  const firstDemand = await measure(process.execPath, [cli, 'check', ...tree, '--demand'], {
    env: cacheEnv('firstfull'),
    okCodes: [0, 1],
  });
  const cold = await measure(process.execPath, [cli, 'index', ...tree], { env: cacheEnv('cache') });
  const cold1 = await measure(process.execPath, [cli, 'index', ...tree, '--jobs', '1'], { env: cacheEnv('one') });
  const indexed = JSON.parse(cold.stdout);
  const warm = await measure(process.execPath, [cli, 'index', ...tree], { env: cacheEnv('cache') });
  if (warm.stdout !== cold.stdout || cold1.stdout !== cold.stdout)
    throw new Error('index output differs between cold, warm and one-thread runs');
  const check = await measure(process.execPath, [cli, 'check', ...tree, '--format', 'json'], {
    env: cacheEnv('cache'),
    okCodes: [0, 1],
  });
  const checked = JSON.parse(check.stdout);
  const cscopeAgain = await measure('cscope', ['-b', '-q', '-k', '-i', listFile, '-f', join(work, 'cscope2.out')], {
    cwd: root,
  });
  const base = Math.min(cscope.seconds, cscopeAgain.seconds);
  const widths = [52, 9, 9, 9, 7];
  const ratio = (s) => (s / base).toFixed(2);
  const cscopeMB = Math.max(cscope.rssMB, cscopeAgain.rssMB);
  const editor = editorFigures();
  const ms = (v) => `${Math.round(v)} ms`;
  const blockRows = editor.failed
    ? []
    : [
        ['cold index', editor.reports.cold],
        ['warm Re-index', editor.reports.warm],
        [`${editor.edits} edits`, editor.reports.edits],
      ].map(
        ([name, r]) =>
          row(
            [
              `  ${name}: indexing / analysis`,
              `${Math.round(r.blocks.indexing.ms)} / ${Math.round(r.blocks.analysis.ms)}`,
              '',
              '',
              '',
            ],
            widths,
          ) + `   (after ${r.blocks.indexing.step || '-'} / ${r.blocks.analysis.step || '-'})`,
      );
  const longestBlock = editor.failed
    ? NaN
    : Math.max(
        ...['cold', 'warm', 'edits'].flatMap((k) => [
          editor.reports[k].blocks.indexing.ms,
          editor.reports[k].blocks.analysis.ms,
        ]),
      );

  const goals = [
    ['first findings, cold (check, default entries)', firstCheck.firstOutput, firstCheck.rssMB, 1.0],
    ['full scope index, cold', cold.seconds, cold.rssMB, 2.0],
    ['warm check (default entries)', check.seconds, check.rssMB, 0.5],
  ];
  const lines = [
    `tree:  ${root}`,
    `scope: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB (default hotplug scope); ${indexed.functions.length} functions, ${indexed.edges.length} edges; ${checked.entries.length} entries, ${checked.findings.length} findings`,
    `machine: ${availableParallelism()} cores; load average (1, 5, 15 min) ${loadBefore} before, ${load()} after`,
    '',
    row(['run', 'seconds', 'peak MB', 'x cscope', 'goal'], widths),
    ...goals.map(([name, s, mb, goal]) =>
      row([name, s.toFixed(2), mb.toFixed(0), ratio(s), `<= ${goal.toFixed(1)}`], widths),
    ),
    row(
      [
        'first findings, cold, check --demand (files the roots reach)',
        firstDemand.firstOutput.toFixed(2),
        firstDemand.rssMB.toFixed(0),
        ratio(firstDemand.firstOutput),
        '',
      ],
      widths,
    ),
    row(['peak RSS of the cold scope index (MB)', '', cold.rssMB.toFixed(0), '', '<= 600'], widths),
    row(
      [
        `index, cold, one thread (--jobs 1)`,
        cold1.seconds.toFixed(2),
        cold1.rssMB.toFixed(0),
        ratio(cold1.seconds),
        '',
      ],
      widths,
    ),
    row(['index, warm cache', warm.seconds.toFixed(2), warm.rssMB.toFixed(0), ratio(warm.seconds), ''], widths),
    row(['cscope -b -q -k (best of two, before and after)', base.toFixed(2), cscopeMB.toFixed(0), '1.00', ''], widths),
    '',
    ...(editor.failed
      ? [`Editor figures not measured: ${editor.failed}`]
      : [
          'Editor (code-server, extension/test/e2e/edit-latency.test.ts). cscope has no editor side; the nearest it',
          `has to an edit's update is rebuilding its database (${(base * 1000).toFixed(0)} ms above), the edit's ratio is to that.`,
          'The host-thread blocks have no cscope counterpart (n/a).',
          row(['run', 'ms', '', 'x cscope', 'goal'], widths),
          row(
            [
              `edit -> diagnostics, p95 of ${editor.edits} one-line edits, warm`,
              Math.round(editor.p95),
              '',
              (editor.p95 / (base * 1000)).toFixed(2),
              '<= 100',
            ],
            widths,
          ),
          row([`  p50 / max`, `${Math.round(editor.p50)} / ${Math.round(editor.max)}`, '', '', ''], widths),
          row(
            [
              `  analysis after the 150 ms debounce, p50 / p95`,
              `${Math.round(editor.analysisP50)} / ${Math.round(editor.analysisP95)}`,
              '',
              '',
              '',
            ],
            widths,
          ),
          row(['longest block of the extension host thread', Math.round(longestBlock), '', 'n/a', '<= 50'], widths),
          ...blockRows,
        ]),
    '',
    "Profile (share of each run's wall time; --timings):",
    `  first findings, cold: ${profile(firstCheck)}`,
    `  first findings, cold, --demand: ${profile(firstDemand)}`,
    `  index, cold:          ${profile(cold)}`,
    `  index, cold, 1 thread: ${profile(cold1)}`,
    `  check, warm:          ${profile(check)}`,
    '',
    `Goals: ${goals
      .map(
        ([name, s, , goal]) =>
          `${name.split(',')[0].split(' (')[0]} ${ratio(s)}x (${s / base <= goal ? 'met' : 'not met'})`,
      )
      .join('; ')}; peak RSS ${cold.rssMB.toFixed(0)} MB (${cold.rssMB <= 600 ? 'met' : 'not met'})` +
      (editor.failed
        ? '; editor figures not measured.'
        : `; edit -> diagnostics p95 ${ms(editor.p95)} (${editor.p95 <= 100 ? 'met' : 'not met'}); longest host block ${ms(longestBlock)} (${longestBlock <= 50 ? 'met' : 'not met'}).`),
  ];
  console.log(lines.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
