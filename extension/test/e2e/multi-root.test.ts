// A multi-root window in code-server: two copies of the fixture tree as workspace folders (linux-b's
// kernel/memremap.c one line longer at the top) and a folder that is no kernel tree. Each kernel root gets
// its own index: the status bar names the root of the active editor with its own counts, the diagnostics
// and the hover of each copy's memremap.c are that copy's, at its own lines.

import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTreeFiles } from '../../src/surfaces/node/tree.js';
import { freshCacheDir, runCliAsync } from '../cli/run-cli.js';
import {
  codeServerEntry,
  outputDir,
  packagedExtension,
  repoRoot,
  runCommand,
  screenshot,
  showProblems,
  startSession,
  type Session,
} from './harness.js';
import { collapsed, markdownAsText, treeHoverMarkdown } from './hover-text.js';

const NAME = 'multi-root';
const base = join(outputDir, 'e2e', NAME);
const roots = { 'linux-a': join(base, 'linux-a'), 'linux-b': join(base, 'linux-b') };
type Root = keyof typeof roots;
/** test-fixtures/README.md: kasan_add_zero_shadow() at kernel/memremap.c:211; one line later in linux-b. */
const kasanLine: Record<Root, number> = { 'linux-a': 211, 'linux-b': 212 };

let session: Session;
const expected = {} as Record<Root, { files: number; paths: number; kasanRows: string[]; hover: string }>;

beforeAll(async () => {
  const entry = codeServerEntry();
  const vsix = packagedExtension();
  rmSync(base, { recursive: true, force: true });
  for (const dir of Object.values(roots))
    cpSync(join(repoRoot, 'test-fixtures/linux-4.19-shape'), dir, { recursive: true });
  const memremapB = join(roots['linux-b'], 'kernel/memremap.c');
  writeFileSync(memremapB, `/* the second root */\n${readFileSync(memremapB, 'utf8')}`);
  mkdirSync(join(base, 'notes'));
  writeFileSync(join(base, 'notes', 'scratch.c'), 'int scratch(void) { return 0; }\n');
  const workspace = join(base, 'multi.code-workspace');
  writeFileSync(
    workspace,
    JSON.stringify({ folders: [{ path: 'linux-a' }, { path: 'linux-b' }, { path: 'notes' }] }, null, 2),
  );
  const cache = freshCacheDir();
  for (const [name, dir] of Object.entries(roots) as [Root, string][]) {
    const check = await runCliAsync(['check', '--tree', dir, '--format', 'json'], cache);
    const paths = await runCliAsync(['paths', '--tree', dir, '--format', 'json'], cache);
    type F = { ruleId: string; message: string; location: { file: string; line: number; column: number } };
    const findings = (JSON.parse(check.stdout) as { findings: F[] }).findings;
    expected[name] = {
      files: listTreeFiles(dir).length,
      paths: (JSON.parse(paths.stdout) as { paths: unknown[] }).paths.length,
      kasanRows: [
        ...new Set(
          findings
            .filter(
              (f) =>
                f.location.file === 'kernel/memremap.c' &&
                f.ruleId === 'kasan-under-hotplug-lock' &&
                f.message.startsWith('kasan_add_zero_shadow()'),
            )
            .map((f) => `[Ln ${f.location.line}, Col ${f.location.column + 1}]`),
        ),
      ],
      hover: await treeHoverMarkdown(dir, 'kernel/memremap.c', kasanLine[name], 'kasan_add_zero_shadow'),
    };
  }
  session = await startSession(NAME, workspace, vsix, entry);
});

afterAll(async () => {
  await session?.close();
});

/** Opens a file by its absolute path through Quick Open and waits until the status bar names its root. */
async function openIn(root: Root, rel: string): Promise<void> {
  const { page } = session;
  const widget = page.locator('.quick-input-widget');
  // Quick Open re-renders its list while results come in; a click that lands during that leaves it open
  // (seen once under load 11), so the pick is tried again. The status bar below checks what got opened.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input.input').fill(join(roots[root], rel));
    // The row of this root's file: the highlighted first row may be the other root's, opened before.
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: rel.split('/').at(-1)! })
      .filter({ hasText: root })
      .first()
      .click();
    try {
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden' });
    }
  }
  await page.locator('.statusbar-item', { hasText: `memhp ${root}:` }).waitFor();
}

describe('MM Hotplug Review in a multi-root window', () => {
  it('indexes each kernel root on its own; the status bar shows the active root with its counts', async () => {
    const { page } = session;
    for (const root of ['linux-a', 'linux-b', 'linux-a'] as Root[]) {
      await openIn(root, 'kernel/memremap.c');
      const status = page.locator('.statusbar-item', { hasText: new RegExp(`memhp ${root}: \\d+ files`) });
      await status.waitFor();
      expect((await status.innerText()).trim()).toBe(
        `memhp ${root}: ${expected[root].files} files · ${expected[root].paths} paths`,
      );
    }
    // A folder without mm/memory_hotplug.c gets no index: the status bar keeps the last kernel root.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input.input').fill(join(base, 'notes', 'scratch.c'));
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'scratch.c' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active[data-resource-name="scratch.c"]').waitFor();
    expect((await page.locator('.statusbar-item', { hasText: /memhp / }).innerText()).trim()).toBe(
      `memhp linux-a: ${expected['linux-a'].files} files · ${expected['linux-a'].paths} paths`,
    );
    await screenshot(page, '31-multi-root-status');
  });

  it("puts each root's findings on its own file, at its own lines", async () => {
    const { page } = session;
    expect(expected['linux-a'].kasanRows).toEqual(['[Ln 211, Col 10]']);
    expect(expected['linux-b'].kasanRows).toEqual(['[Ln 212, Col 10]']);
    await showProblems(page, 'kasan_add_zero_shadow');
    await runCommand(page, 'View: Toggle Maximized Panel');
    const rows = page.locator('.markers-panel .monaco-list-row[aria-level="2"]', {
      hasText: 'kasan-under-hotplug-lock',
    });
    await rows.filter({ hasText: '[Ln 211, Col 10]' }).first().waitFor();
    await rows.filter({ hasText: '[Ln 212, Col 10]' }).first().waitFor();
    // In list order: each root's memremap.c (label and description run together in innerText), then its one
    // kasan_add_zero_shadow() row, at that root's line.
    const listed = page.locator('.markers-panel .monaco-list-row:is([aria-level="1"], [aria-level="2"])');
    const order = (await listed.allInnerTexts()).map((t) => {
      const text = t.replace(/\s+/g, ' ').trim();
      return text.match(/\[Ln \d+, Col \d+\]/)?.[0] ?? text;
    });
    expect(order).toEqual([
      'memremap.clinux-a • kernel 1',
      '[Ln 211, Col 10]',
      'memremap.clinux-b • kernel 1',
      '[Ln 212, Col 10]',
    ]);
    await screenshot(page, '32-multi-root-problems');
    await runCommand(page, 'View: Toggle Maximized Panel');
    await showProblems(page, '');
    await runCommand(page, 'View: Hide Panel');
  });

  it("hovers the kasan_add_zero_shadow() call of each root with that root's replay", async () => {
    const { page } = session;
    for (const root of ['linux-b', 'linux-a'] as Root[]) {
      await openIn(root, 'kernel/memremap.c');
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input.input').fill(`:${kasanLine[root]}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      const token = page
        .locator('.editor-group-container.active .view-lines .view-line', { hasText: 'kasan_add_zero_shadow(' })
        .locator('span > span', { hasText: /^kasan_add_zero_shadow$/ })
        .first();
      await token.waitFor();
      await token.hover();
      const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'zone model' }).first();
      await hover.waitFor();
      expect(collapsed(await hover.innerText())).toBe(markdownAsText(expected[root].hover));
      // linux-b's mem_hotplug_begin() is one line later too.
      expect(expected[root].hover).toContain(`kernel/memremap\\.c\\:${kasanLine[root] - 1} via mem\\_hotplug\\_begin`);
      await screenshot(page, `33-multi-root-hover-${root}`);
      await page.keyboard.press('Escape');
      await page.mouse.move(0, 0);
    }
  });
});
