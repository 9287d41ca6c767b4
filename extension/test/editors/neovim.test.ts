// The README's Neovim snippet, copied from README.md as a reader would, run in Debian's Neovim (0.7.2 on
// Debian 12) with the server on PATH: the diagnostics of a file, the hover at a call and :MemhpReview.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCacheDir, runCli } from '../cli/run-cli.js';
import { kasanAddHover, memremapDiagnostics } from '../lsp/expected.js';
import { readmeSnippet } from './snippets.js';
import { fixtureMbox, fixtureRoot, runEditor } from './run-editor.js';

interface NeovimSaw {
  attached: boolean;
  published: boolean;
  diagnostics: { line: number; col: number; severity: number; source: string; message: string }[];
  hover: string[];
  reviewed: boolean;
  review: string[];
}

const driver = join(__dirname, 'neovim-driver.lua');

describe('the README Neovim setup in a real Neovim', () => {
  it('shows the findings, the hover and the review of the language server', () => {
    const saw = runEditor('nvim', (scratch) => {
      const init = join(scratch, 'init.lua');
      writeFileSync(init, readmeSnippet('Neovim 0.7 to 0.10', 'lua'));
      return ['--headless', '-i', 'NONE', '-u', init, '-c', `luafile ${driver}`];
    }) as NeovimSaw;
    expect([saw.attached, saw.published, saw.reviewed]).toEqual([true, true, true]);
    // Neovim's severities are the LSP's (1 error, 2 warning); its columns are the LSP's 0-based characters.
    expect(saw.diagnostics).toEqual(
      memremapDiagnostics.map((d) => ({
        line: d.line,
        col: d.column,
        severity: d.severity,
        source: 'memhp',
        message: d.message,
      })),
    );
    expect(saw.hover).toEqual([kasanAddHover]);
    const cli = runCli(['check', '--tree', fixtureRoot, '--patch', fixtureMbox], freshCacheDir());
    expect(cli.code).toBe(0);
    expect(saw.review).toEqual(cli.stdout.replace(/\n$/, '').split('\n'));
  });

  it('keeps the Neovim 0.11 snippet valid Lua (Debian 12 has no Neovim 0.11 to run it in)', () => {
    const saw = runEditor('nvim', (scratch) => {
      const snippet = join(scratch, 'snippet.lua');
      writeFileSync(snippet, readmeSnippet('Neovim 0.11 or later', 'lua'));
      const check = join(scratch, 'check.lua');
      writeFileSync(
        check,
        `local f, err = loadfile(${JSON.stringify(snippet)})\n` +
          `local out = io.open(vim.env.MEMHP_OUT, 'w')\nout:write(vim.fn.json_encode({ compiled = f ~= nil, err = err or '' }))\nout:close()\nvim.cmd('qa!')\n`,
      );
      return ['--headless', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${check}`];
    });
    expect(saw).toEqual({ compiled: true, err: '' });
  });
});
