// Benchmark on Debian's linux-source-6.1 hotplug scope: cold and warm `index` time and peak RSS against
// `cscope -b -q -k` on the same file list, and `paths` with the default tables. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** Runs a command under /usr/bin/time -v: wall seconds (measured here) and peak RSS in MB (from time). */
function measure(cmd, args, { cwd = repo, env = process.env, okCodes = [0] } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!okCodes.includes(r.status))
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').slice(0, 5).join(' / ')}`,
    );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { seconds, rssMB: rss ? Number(rss[1]) / 1024 : NaN, stdout: r.stdout };
}

const row = (cells, widths) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');

try {
  ensureTool(['/usr/bin/time', '-V'], 'time');
  ensureTool(['cscope', '-V'], 'cscope');
  const root = execFileSync('bash', [join(repo, 'extension/scripts/kernel-tree.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const files = await listScope(root);
  const bytes = files.reduce((sum, f) => sum + statSync(join(root, f)).size, 0);

  const cacheDir = join(work, 'cache');
  const env = { ...process.env, MEMHP_CACHE_DIR: cacheDir };
  const cold = measure(process.execPath, [cli, 'index', '--tree', root], { env });
  const indexed = JSON.parse(cold.stdout);
  const warm = measure(process.execPath, [cli, 'index', '--tree', root], { env });
  if (warm.stdout !== cold.stdout) throw new Error('warm index output differs from the cold one');
  const paths = measure(process.execPath, [cli, 'paths', '--tree', root], { env });
  const pathCount = /^(\d+) paths?$/m.exec(paths.stdout)?.[1] ?? '?';
  const check = measure(process.execPath, [cli, 'check', '--tree', root, '--format', 'json'], { env, okCodes: [0, 1] });
  const checked = JSON.parse(check.stdout);

  const listFile = join(work, 'cscope.files');
  writeFileSync(listFile, `${files.join('\n')}\n`);
  const cscope = measure('cscope', ['-b', '-q', '-k', '-i', listFile, '-f', join(work, 'cscope.out')], { cwd: root });

  const widths = [44, 9, 9];
  const lines = [
    `tree:  ${root}`,
    `scope: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB (default hotplug scope); ${indexed.functions.length} functions, ${indexed.edges.length} edges`,
    '',
    row(['run', 'seconds', 'peak MB'], widths),
    row(['index, cold cache', cold.seconds.toFixed(2), cold.rssMB.toFixed(0)], widths),
    row(['index, warm cache', warm.seconds.toFixed(2), warm.rssMB.toFixed(0)], widths),
    row([`paths, defaults, warm (${pathCount})`, paths.seconds.toFixed(2), paths.rssMB.toFixed(0)], widths),
    row(
      [
        `check, warm (${checked.entries.length} entries, ${checked.findings.length} findings)`,
        check.seconds.toFixed(2),
        check.rssMB.toFixed(0),
      ],
      widths,
    ),
    row(['cscope -b -q -k', cscope.seconds.toFixed(2), cscope.rssMB.toFixed(0)], widths),
    '',
    `ratio cold index / cscope: ${(cold.seconds / cscope.seconds).toFixed(2)}; warm index / cscope: ${(warm.seconds / cscope.seconds).toFixed(2)}`,
  ];
  console.log(lines.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
