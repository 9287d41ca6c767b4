// Runs once in vitest's main process before the end-to-end worker starts: installs Debian's chromium and
// code-server (extension/scripts/e2e/setup.sh) and unpacks Debian's linux-source-6.1 for the real-tree case,
// which takes minutes on a fresh machine. The harness then only checks that they are there. Clears the
// screenshots of the last run.

import { rmSync } from 'node:fs';
import { codeServerEntry, screenshotDir } from '../../test/e2e/harness.js';
import { kernelRoot } from '../../test/real/kernel.js';
import { timedStep } from '../../test/setup-step.js';

export default function setup(): void {
  // Every e2e file writes its screenshots here; a run starts without the last run's.
  rmSync(screenshotDir, { recursive: true, force: true });
  timedStep('chromium and code-server for the end-to-end tests', codeServerEntry);
  timedStep('Debian linux-source-6.1 for the end-to-end test on a real tree', () => kernelRoot('6.1'));
}
