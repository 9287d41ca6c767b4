// Test helper: builds dist/cli.js when it is missing or older than the sources, then runs it as a user
// would (`node dist/cli.js ...`) and returns exit code, stdout and stderr.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '../../..');
const cli = join(repoRoot, 'dist/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the bundle unless it is newer than every source; a lock keeps parallel test files from building at once. */
export function ensureBuilt(): void {
  const stale = () => !existsSync(cli) || statSync(cli).mtimeMs < Math.max(newestMtime(join(repoRoot, 'extension/src')), statSync(join(repoRoot, 'scripts/build.mjs')).mtimeMs);
  if (!stale()) return;
  execFileSync('flock', ['/tmp/memhp-test-build.lock', 'npm', 'run', '-s', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
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

export function runCli(args: readonly string[], cacheDir: string): CliRun {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, MEMHP_CACHE_DIR: cacheDir },
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
