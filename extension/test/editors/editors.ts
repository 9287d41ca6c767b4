// Test helper for the editor tests: Neovim, Emacs and eglot from Debian (installed by the global setup when
// missing), and a bin folder with `memhp-review-lsp` on it, as `npm link` would give a reader.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../cli/run-cli.js';

const PACKAGES = ['neovim', 'emacs-nox', 'elpa-eglot'];

function installed(pkg: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes('ok installed');
  } catch {
    return false;
  }
}

/** Installs Neovim, Emacs and eglot with apt unless all three are there; returns what is installed. */
export function ensureEditors(): string {
  const missing = PACKAGES.filter((p) => !installed(p));
  if (missing.length > 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
  const nvim = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const emacs = execFileSync('emacs', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  return `${nvim}, ${emacs}`;
}

/** A temporary folder holding an executable `memhp-review-lsp` that runs this checkout's dist/lsp.js. */
export function lspOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'memhp-bin-'));
  const script = join(bin, 'memhp-review-lsp');
  writeFileSync(
    script,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'dist/lsp.js'))} "$@"\n`,
  );
  chmodSync(script, 0o755);
  return bin;
}
