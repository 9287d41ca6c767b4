// Runs once in vitest's main process before any test worker starts: installs and unpacks what the real-kernel
// and editor tests need (Debian's linux-source-6.1 and -6.12, universal-ctags, Neovim, Emacs and eglot). Done inside
// a worker, a first-run install blocks the worker for minutes and vitest's RPC to it times out.

import { ensureEditors } from './editors/editors.js';
import { ensureUniversalCtags, kernelRoot, type DebianRelease } from './real/kernel.js';
import { timedStep } from './setup-step.js';

export default function setup(): void {
  for (const release of ['6.1', '6.12'] satisfies DebianRelease[])
    timedStep(`Debian linux-source-${release}`, () => kernelRoot(release));
  timedStep('universal-ctags', () => (ensureUniversalCtags(), 'ctags'));
  timedStep('Neovim, Emacs and eglot', ensureEditors);
}
