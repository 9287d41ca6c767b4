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
