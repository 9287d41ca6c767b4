// Test helper: builds dist/cli.js and dist/lsp.js when missing or older than the sources, then runs it as a user
// would (`node dist/cli.js ...`) and returns exit code, stdout and stderr.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(__dirname, '../../..');
const cli = join(repoRoot, 'dist/cli.js');
const bundles = [cli, join(repoRoot, 'dist/lsp.js'), join(repoRoot, 'dist/fuzz.js'), join(repoRoot, 'dist/stress.js')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the bundles (CLI, language server, fuzzer, stress run) unless they are newer than every source; a lock keeps parallel test files from building at once. */
export function ensureBuilt(): void {
  const stale = () =>
    !bundles.every((b) => existsSync(b)) ||
    Math.min(...bundles.map((b) => statSync(b).mtimeMs)) <
      Math.max(
        newestMtime(join(repoRoot, 'extension/src')),
        newestMtime(join(repoRoot, 'extension/scripts/fuzz')),
        newestMtime(join(repoRoot, 'extension/scripts/stress')),
        statSync(join(repoRoot, 'extension/scripts/build.mjs')).mtimeMs,
      );
  if (!stale()) return;
  execFileSync('flock', ['/tmp/memhp-test-build.lock', 'npm', 'run', '-s', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh, empty facts-cache folder, so no run depends on what an earlier one left behind. */
export function freshCacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'memhp-cache-'));
}

/**
 * Runs the bundled CLI. `unprivileged` drops to uid/gid 65534 when the tests run as root, so that file
 * modes mean something (root reads a mode-000 file). `input` is written to its standard input.
 */
export function runCli(
  args: readonly string[],
  cacheDir: string,
  unprivileged = false,
  input?: string | Uint8Array,
): CliRun {
  const drop = unprivileged && process.getuid?.() === 0;
  const [command, ...prefix] = drop
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
    : [process.execPath];
  const r = spawnSync(command!, [...prefix, cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, MEMHP_CACHE_DIR: cacheDir },
    ...(input !== undefined ? { input } : {}),
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A child process run without blocking this worker: vitest's worker answers its runner over an RPC channel
 * with a fixed 60 s timeout, and a long spawnSync (a whole kernel tree on a loaded machine) outlasts it.
 */
export function spawnAsync(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** `runCli` without blocking the worker, for runs over a whole kernel tree. */
export function runCliAsync(args: readonly string[], cacheDir: string): Promise<CliRun> {
  return spawnAsync(process.execPath, [cli, ...args], { ...process.env, MEMHP_CACHE_DIR: cacheDir });
}

/** Writes a throwaway tree (relative path -> text or bytes) under the temp folder and returns its root. */
export function writeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'memhp-tree-'));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}
