// The README's Emacs snippet, copied from README.md as a reader would, run in Debian's Emacs with eglot and
// the server on PATH: the Flymake diagnostics of a file, ElDoc's hover at a call and M-x memhp-review-patch.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCacheDir, runCli } from '../cli/run-cli.js';
import { kasanAddHover, memremapDiagnostics } from '../lsp/expected.js';
import { readmeSnippet } from './snippets.js';
import { fixtureMbox, fixtureRoot, runEditor } from './run-editor.js';

interface EmacsSaw {
  connected: boolean;
  published: boolean;
  diagnostics: { line: number; type: string; text: string }[];
  hover: string;
  review: string;
}

const driver = join(__dirname, 'emacs-driver.el');
const flymakeType: Record<number, string> = { 1: 'eglot-error', 2: 'eglot-warning' };

describe('the README Emacs setup in a real Emacs with eglot', () => {
  it('shows the findings, the hover and the review of the language server', () => {
    const saw = runEditor('emacs', (scratch) => {
      const init = join(scratch, 'init.el');
      writeFileSync(init, readmeSnippet('Emacs with eglot', 'elisp'));
      return ['--batch', '-l', init, '-l', driver];
    }) as EmacsSaw;
    expect([saw.connected, saw.published]).toEqual([true, true]);
    // eglot puts the source and the rule before the message.
    expect(saw.diagnostics).toEqual(
      memremapDiagnostics.map((d) => ({
        line: d.line,
        type: flymakeType[d.severity],
        text: `memhp [${d.code}]: ${d.message}`,
      })),
    );
    expect(saw.hover).toBe(kasanAddHover);
    const cli = runCli(['check', '--tree', fixtureRoot, '--patch', fixtureMbox], freshCacheDir());
    expect(cli.code).toBe(0);
    expect(`${saw.review}\n`).toBe(cli.stdout);
  });
});
