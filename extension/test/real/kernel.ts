// Test helper for real-kernel tests: unpacks Debian's linux-source-6.1 / 6.12 through extension/scripts/kernel-tree.sh
// and installs universal-ctags when missing. Both are idempotent and reuse what is already there; vitest's
// globalSetup (extension/test/global-setup.ts) runs them once before any worker starts, so here they only check.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '../../..');

export type DebianRelease = '6.1' | '6.12';

/** Root of the unpacked Debian tree of `release` (installs linux-source-RELEASE on first use). */
export function kernelRoot(release: DebianRelease = '6.1'): string {
  return execFileSync('bash', [join(repoRoot, 'extension/scripts/kernel-tree.sh'), release], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

function ctagsVersion(): string {
  try {
    return execFileSync('ctags', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** Makes sure `ctags` is Universal Ctags (Exuberant lacks --kinds-c), installing it with apt when not. */
export function ensureUniversalCtags(): void {
  if (ctagsVersion().includes('Universal')) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'universal-ctags'], { stdio: 'inherit', env });
  if (!ctagsVersion().includes('Universal'))
    throw new Error('universal-ctags installed but `ctags --version` does not say Universal');
}

/**
 * Runs `each` over `items` in slices of about `sliceMs`, yielding to the event loop between slices. A test
 * worker that blocks longer than vitest's fixed 60 s RPC deadline fails the run ("Timeout calling
 * onTaskUpdate") even when every test passed, and on a loaded machine a whole tree's front end takes that long.
 */
export async function forEachYielding<T>(items: readonly T[], each: (item: T) => void, sliceMs = 250): Promise<void> {
  let sliceStart = Date.now();
  for (const item of items) {
    each(item);
    if (Date.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = Date.now();
  }
}
