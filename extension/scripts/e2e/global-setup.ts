// Runs once in vitest's main process before the end-to-end worker starts: installs Debian's chromium and
// code-server (extension/scripts/e2e/setup.sh), which takes minutes on a fresh machine. The harness then only
// checks that they are there.

import { codeServerEntry } from '../../test/e2e/harness.js';
import { timedStep } from '../../test/setup-step.js';

export default function setup(): void {
  timedStep('chromium and code-server for the end-to-end tests', codeServerEntry);
}
