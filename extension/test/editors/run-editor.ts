// Test helper for the editor tests: runs an editor headless on the fixture tree with the README's setup and
// a driver script, the language server found on PATH as `memhp-review-lsp`, and returns what the driver saw.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, freshCacheDir, repoRoot } from '../cli/run-cli.js';
import { lspOnPath } from './editors.js';

export const fixtureRoot = join(repoRoot, 'test-fixtures/linux-4.19-shape');
export const fixtureMbox = join(repoRoot, 'test-fixtures/series/add-device-memory.mbox');

/** Runs `command args` with a private HOME, XDG folders and facts cache; the driver writes JSON to $MEMHP_OUT. */
export function runEditor(command: string, args: (scratch: string) => string[]): unknown {
  ensureBuilt();
  const scratch = mkdtempSync(join(tmpdir(), `memhp-${command}-`));
  const bin = lspOnPath();
  const cache = freshCacheDir();
  const out = join(scratch, 'out.json');
  try {
    execFileSync(command, args(scratch), {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        HOME: scratch,
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_DATA_HOME: join(scratch, 'data'),
        XDG_STATE_HOME: join(scratch, 'state'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
        MEMHP_CACHE_DIR: cache,
        MEMHP_OUT: out,
        MEMHP_FILE: join(fixtureRoot, 'kernel/memremap.c'),
        MEMHP_MBOX: fixtureMbox,
        MEMHP_HOVER_LINE: '211',
        MEMHP_HOVER_COLUMN: '12',
      },
    });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    for (const dir of [scratch, bin, cache]) rmSync(dir, { recursive: true, force: true });
  }
}
