// The extension on a whole kernel tree in code-server: Debian's linux-source-6.1 as unpacked by the tests'
// setup (extension/scripts/kernel-tree.sh; opened in place, read only). Checks the index against the CLI, the
// diagnostics of mm/memremap.c, the hover on its kasan_add_zero_shadow() call and the call-graph panel focused
// on pagemap_range(); prints how long the extension took to index the tree.

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeFindingsBySite } from '../../src/core/views/merge-findings.js';
import type { Finding } from '../../src/core/model/finding.js';
import { listTreeFiles } from '../../src/surfaces/node/tree.js';
import { KBUILD_FILE_NAMES } from '../../src/core/kernel/kbuild.js';
import { runCliAsync } from '../cli/run-cli.js';
import { kernelRoot } from '../real/kernel.js';
import {
  codeServerEntry,
  graphFrame,
  openFile,
  outputDir,
  packagedExtension,
  runCommand,
  screenshot,
  showProblems,
  startSession,
  type Session,
} from './harness.js';
import { collapsed, markdownAsText, treeHoverMarkdown } from './hover-text.js';

const NAME = 'real-tree';
const base = join(outputDir, 'e2e', NAME);
const cacheDir = join(base, 'cli-cache');
const FILE = 'mm/memremap.c';

let session: Session;
let tree: string;
let findings: Finding[];
let tracedPaths: number;
let pagemapFunctions: string[];
let hoverMarkdown: string;
let kasanLine: number;
let pagemapLine: number;
/** When the window had loaded (the extension starts indexing on its own then). */
let loadedAt: number;

async function cliJson<T>(args: string[]): Promise<T> {
  const run = await runCliAsync(args, cacheDir);
  // check exits 1 when some finding has error severity: the JSON is on stdout either way.
  if (run.code !== 0 && run.code !== 1) throw new Error(`memhp-review ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The line of the extension's log that reports the finished index, from code-server's log folder. */
function indexedLogLine(): string | undefined {
  const logs = join(base, 'user-data', 'logs');
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        )
      : [];
  for (const file of walk(logs).filter((f) => f.endsWith('MM Hotplug Review.log'))) {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => / indexed \d+\/\d+ files of /.test(l));
    if (line) return line;
  }
  return undefined;
}

beforeAll(async () => {
  tree = kernelRoot('6.1');
  const entry = codeServerEntry();
  const vsix = packagedExtension();
  rmSync(base, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // The CLI's view of the same tree first (its facts cache then serves the in-process hover), so it does not
  // compete with the editor's indexing for the CPU.
  findings = (await cliJson<{ findings: Finding[] }>(['check', '--tree', tree, '--format', 'json'])).findings;
  type Paths = { paths: { steps: { function: string }[] }[] };
  tracedPaths = (await cliJson<Paths>(['paths', '--tree', tree, '--format', 'json'])).paths.length;
  const toPagemap = await cliJson<Paths>(['paths', '--tree', tree, '--to', 'pagemap_range', '--format', 'json']);
  pagemapFunctions = [...new Set(toPagemap.paths.flatMap((p) => p.steps.map((s) => `${s.function}()`)))].sort();
  const lines = readFileSync(join(tree, FILE), 'utf8').split('\n');
  kasanLine = lines.findIndex((l) => l.includes('error = kasan_add_zero_shadow(')) + 1;
  pagemapLine = lines.findIndex((l) => l.startsWith('static int pagemap_range(')) + 1;
  hoverMarkdown = await treeHoverMarkdown(tree, FILE, kasanLine, 'kasan_add_zero_shadow', cacheDir);
  // A watcher over the whole tree only costs the test time; nothing here edits files on disk.
  session = await startSession(NAME, tree, vsix, entry, { 'files.watcherExclude': { '**': true } });
  loadedAt = performance.now();
  // Records each change of the indexing notification's text with its time: the index's progress reaches the
  // window only while the extension host keeps answering, so the gaps between changes bound how long it was busy.
  await session.page.evaluate(() => {
    const seen: [number, string][] = [];
    (window as unknown as { memhpStatus: [number, string][] }).memhpStatus = seen;
    setInterval(() => {
      const item = [...document.querySelectorAll('.notification-toast')].find((e) =>
        (e as HTMLElement).innerText.includes('MM Hotplug Review: indexing'),
      ) as HTMLElement | undefined;
      const text = item?.innerText.trim() ?? '';
      if (text !== seen.at(-1)?.[1]) seen.push([performance.now(), text]);
    }, 50);
  });
}, 900_000);

afterAll(async () => {
  await session?.close();
});

describe('MM Hotplug Review on the Debian 6.1 tree in code-server', () => {
  it('indexes the whole hotplug scope: the files and traced paths the CLI has', { timeout: 1_200_000 }, async () => {
    const { page } = session;
    // The status bar counts the C files indexed; the Kbuild files read beside them are not among them.
    const files = listTreeFiles(tree).filter((f) => !KBUILD_FILE_NAMES.includes(f.split('/').at(-1)!)).length;
    // The first page load starts the extension; the editor stays usable while the index fills in.
    await openFile(page, FILE);
    await page.locator('.statusbar-item', { hasText: /memhp \d+ files · \d+ paths/ }).waitFor({ timeout: 1_200_000 });
    const seconds = ((performance.now() - loadedAt) / 1000).toFixed(1);
    const changes = await page.evaluate(() => (window as unknown as { memhpStatus: [number, string][] }).memhpStatus);
    const progress = changes.filter(([, text]) => /\d+\/\d+ files/.test(text));
    const gaps = progress.slice(1).map(([t], i) => t - progress[i]![0]);
    const longest = gaps.indexOf(Math.max(...gaps));
    const around = longest < 0 ? '' : ` (from "${progress[longest]![1]}" to "${progress[longest + 1]![1]}")`;
    console.log(
      `real tree: status bar complete ${seconds} s after the window loaded; ${progress.length} progress updates, ` +
        `longest gap between two ${Math.round(Math.max(0, ...gaps))} ms${around}; log: ${indexedLogLine()}`,
    );
    const status = page.locator('.statusbar-item', { hasText: /memhp \d+ files · \d+ paths/ });
    expect((await status.innerText()).trim()).toBe(`memhp ${files} files · ${tracedPaths} paths`);
    // The editor answered meanwhile: the file opened while the index was being built is the active editor.
    await page.locator(`.tab.active[data-resource-name="memremap.c"]`).waitFor();
    await screenshot(page, '21-real-indexed');
  });

  it('shows the diagnostics of mm/memremap.c that the CLI reports, at their exact places', async () => {
    const { page } = session;
    const expected = mergeFindingsBySite(findings.filter((f) => f.location.file === FILE)).sort(
      (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
    );
    // Warnings only on the unmodified tree (eval/RESULTS.md): at least the kasan calls under the hotplug lock.
    expect(expected.map((f) => `${f.location.line}:${f.ruleId}:${f.severity}`)).toEqual([
      '128:kasan-under-hotplug-lock:warning',
      '240:kasan-under-hotplug-lock:warning',
      '277:inconsistent-lock-context:warning',
    ]);
    await openFile(page, FILE);
    await showProblems(page, FILE);
    await runCommand(page, 'View: Toggle Maximized Panel');
    const markers = page.locator('.markers-panel');
    await page.locator('.panel .action-label[aria-label="View as Table"]').first().click();
    await markers.locator('.markers-table-container').waitFor();
    const rows = markers.locator('.monaco-list-row', { hasText: 'memhp' });
    for (const f of expected)
      await rows
        .filter({ hasText: f.message })
        .filter({ hasText: `[Ln ${f.location.line}, Col ${f.location.column + 1}]` })
        .first()
        .waitFor();
    expect(await rows.count()).toBe(expected.length);
    expect(await markers.locator('.monaco-list-row .codicon-warning').count()).toBe(expected.length);
    await screenshot(page, '22-real-problems');
    await page.locator('.panel .action-label[aria-label="View as Tree"]').first().click();
    await runCommand(page, 'View: Toggle Maximized Panel');
    await showProblems(page, '');
    await runCommand(page, 'View: Hide Panel');
  });

  it('hovers the kasan_add_zero_shadow() call in mm/memremap.c with the hover the core renders there', async () => {
    const { page } = session;
    expect(kasanLine).toBe(240);
    await openFile(page, FILE);
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input.input').fill(`:${kasanLine}`);
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
    expect(collapsed(await hover.innerText())).toBe(markdownAsText(hoverMarkdown));
    expect(hoverMarkdown).toContain('pagemap\\_range\\(\\) \\-\\> kasan\\_add\\_zero\\_shadow\\(\\)');
    expect(await hover.locator('a').count()).toBe(0);
    // The diagnostic's hover comes first in the widget: scroll ours to the top for the screenshot.
    await hover
      .locator('p')
      .first()
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, '23-real-hover');
    await page.keyboard.press('Escape');
  });

  it('focuses the call-graph panel on pagemap_range(): the paths the CLI traces to it', async () => {
    const { page } = session;
    expect(pagemapFunctions).toEqual(['devm_memremap_pages()', 'memremap_pages()', 'pagemap_range()']);
    await runCommand(page, 'View: Close Primary Side Bar');
    await openFile(page, FILE);
    // The cursor on the name in the definition, then Trace Paths to Here (the panel's focus).
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input.input').fill(`:${pagemapLine}:${'static int '.length + 2}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${pagemapLine}, Col ${'static int '.length + 2}$`) })
      .waitFor();
    await runCommand(page, 'MM Hotplug: Trace Paths to Here');
    const frame = graphFrame(page);
    await frame.locator('#title', { hasText: 'Paths to pagemap_range()' }).waitFor();
    await frame.locator('main[data-rendered] g.node').first().waitFor();
    expect((await frame.locator('g.node text.name').allTextContents()).sort()).toEqual(pagemapFunctions);
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    const doc = await (await frame.locator('main').elementHandle())!.ownerFrame();
    await doc!.waitForFunction(() => {
      const main = document.querySelector('main')!;
      return main.clientWidth > 1200 && main.dataset.fittedWidth === String(main.clientWidth);
    });
    await screenshot(page, '24-real-panel-pagemap_range');
    await frame.locator('#clear-focus').click();
    await frame.locator('#title', { hasText: 'Traced hotplug paths' }).waitFor();
    await doc!.waitForFunction(() => {
      const main = document.querySelector('main')!;
      return main.dataset.fittedWidth === String(main.clientWidth);
    });
    await screenshot(page, '25-real-panel-whole');
    await runCommand(page, 'View: Toggle Maximize Editor Group');
  });
});
