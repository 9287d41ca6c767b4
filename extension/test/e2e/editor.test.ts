// The extension in a real VS Code (code-server 4.99.4) in a real browser (Debian chromium): indexing,
// call-graph panel with click-to-source, traced-paths tree, patch-mail highlighting. Screenshots go to
// test-output/screenshots/.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTreeFiles } from '../../src/surfaces/node/tree.js';
import {
  repoRoot,
  codeServerEntry,
  goToLine,
  showProblems,
  graphFrame,
  openFile,
  packagedExtension,
  prepareWorkspace,
  runCommand,
  screenshot,
  startSession,
  type Session,
} from './harness.js';
import { collapsed, markdownAsText, postImageHoverMarkdown } from './hover-text.js';

let session: Session;

interface CliFinding {
  ruleId: string;
  message: string;
  location: { file: string; line: number; column: number };
}

function cliFindings(tree: string): CliFinding[] {
  const run = (() => {
    try {
      return execFileSync(
        process.execPath,
        [join(repoRoot, 'dist/cli.js'), 'check', '--tree', tree, '--format', 'json', '--no-cache'],
        { encoding: 'utf8' },
      );
    } catch (err) {
      // Exit code 1 means error-severity findings: the JSON is still on stdout.
      return (err as { stdout: string }).stdout;
    }
  })();
  return (JSON.parse(run) as { findings: CliFinding[] }).findings;
}

interface CliReviewFinding extends CliFinding {
  patch?: { at: { file: string; line: number } };
}

function cliCheckPatch(tree: string, patch: string, format: 'json' | 'email'): string {
  const args = [
    join(repoRoot, 'dist/cli.js'),
    'check',
    '--tree',
    tree,
    '--patch',
    join(tree, patch),
    '--format',
    format,
    '--no-cache',
  ];
  try {
    return execFileSync(process.execPath, args, { encoding: 'utf8' });
  } catch (err) {
    return (err as { stdout: string }).stdout;
  }
}

function cliReview(tree: string, patch: string): { new: CliReviewFinding[] } {
  return (JSON.parse(cliCheckPatch(tree, patch, 'json')) as { findings: { new: CliReviewFinding[] } }).findings;
}

function cliEmail(tree: string, patch: string): string {
  return cliCheckPatch(tree, patch, 'email');
}

interface CliPaths {
  paths: { steps: { function: string; definedAt: { file: string; line: number } }[] }[];
}

function cliPaths(tree: string): CliPaths {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [join(repoRoot, 'dist/cli.js'), 'paths', '--tree', tree, '--format', 'json', '--no-cache'],
      { encoding: 'utf8' },
    ),
  ) as CliPaths;
}

beforeAll(async () => {
  const entry = codeServerEntry();
  const vsix = packagedExtension();
  const workspace = prepareWorkspace('editor', 'test-fixtures/linux-4.19-shape', {
    'reviews/add-device-memory.mbox': 'test-fixtures/series/add-device-memory.mbox',
    'reviews/hostile.patch': 'test-fixtures/series/variants/hostile.patch',
    'reviews/reply.mbox': 'extension/test/grammar/sample.mbox',
    'reviews/resize-after-done.mbox': 'test-fixtures/series/variants/resize-after-done.mbox',
  });
  session = await startSession('editor', workspace, vsix, entry);
});

afterAll(async () => {
  await session?.close();
});

describe('MM Hotplug Review in code-server', () => {
  it('indexes the fixture tree and reports it in the status bar', async () => {
    const { page } = session;
    await openFile(page, 'kernel/memremap.c');
    const status = page.locator('.statusbar-item', { hasText: /memhp \d+ files · \d+ paths/ });
    await status.waitFor();
    // The editor indexes the same scope and traces the same paths as the CLI over the same tree.
    const cli = cliPaths(session.workspace);
    const files = listTreeFiles(session.workspace).length;
    expect(cli.paths.length).toBeGreaterThan(10);
    expect((await status.innerText()).trim()).toBe(`memhp ${files} files · ${cli.paths.length} paths`);
    await screenshot(page, '01-indexed');
  });

  it('shows the kasan-under-hotplug-lock finding in Problems at the place the CLI reports', async () => {
    const { page } = session;
    const expected = cliFindings(session.workspace).filter(
      (f) => f.ruleId === 'kasan-under-hotplug-lock' && f.location.file === 'kernel/memremap.c',
    );
    expect(expected.length).toBeGreaterThan(0);
    // The list is virtual: filter it and give it the whole window so every row is rendered.
    await showProblems(page, 'kasan_');
    await runCommand(page, 'View: Toggle Maximized Panel');
    const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'kasan-under-hotplug-lock' });
    for (const f of expected) {
      const row = rows.filter({ hasText: `[Ln ${f.location.line}, Col ${f.location.column + 1}]` }).first();
      await row.waitFor();
      expect(await row.innerText()).toContain(f.message.slice(0, 60));
    }
    await screenshot(page, '06-problems');
    await runCommand(page, 'View: Toggle Maximized Panel');
    // The rule id links to the rule's page shipped inside the extension.
    await rows.first().locator('a', { hasText: 'kasan-under-hotplug-lock' }).click();
    await page.locator('.tab.active[data-resource-name="kasan-under-hotplug-lock.md"]').waitFor();
  });

  it('hovers a call on a traced path: chains, locks with where taken, the zone table, the findings there', async () => {
    const { page } = session;
    await openFile(page, 'kernel/memremap.c');
    // test-fixtures/README.md: kasan_add_zero_shadow() is called at kernel/memremap.c:211, after mem_hotplug_begin() at 210.
    await goToLine(page, 211);
    const token = page
      .locator('.view-lines .view-line', { hasText: 'kasan_add_zero_shadow(' })
      .locator('span > span', { hasText: /^kasan_add_zero_shadow$/ })
      .first();
    await token.waitFor();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'zone model' }).first();
    await hover.waitFor();
    const text = await hover.innerText();
    expect(text).toContain('devm_memremap_pages() -> kasan_add_zero_shadow()');
    expect(text).toMatch(/mem_hotplug_lock \(write, taken at kernel\/memremap\.c:210/);
    expect(text).toContain('kasan-under-hotplug-lock');
    expect(await hover.locator('table th').allTextContents()).toEqual(['zone model', 'before', 'after']);
    expect(await hover.locator('a').count()).toBe(0);
    await screenshot(page, '09-hover');
    await page.keyboard.press('Escape');
  });

  it('re-analyses an edited buffer: the finding follows the line, and returns on undo', async () => {
    const { page } = session;
    await openFile(page, 'kernel/memremap.c');
    await showProblems(page, 'kasan_add_zero_shadow');
    const kasanAt = (line: number) =>
      page
        .locator('.markers-panel .monaco-list-row', { hasText: 'kasan_add_zero_shadow()' })
        .filter({ hasText: `[Ln ${line}, Col 10]` })
        .first();
    await kasanAt(211).waitFor();
    await goToLine(page, 210);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await kasanAt(212).waitFor();
    expect(await kasanAt(211).count()).toBe(0);
    await page.keyboard.press('Control+Z');
    await kasanAt(211).waitFor();
    await page.locator('.tab.active[data-resource-name="memremap.c"]:not(.dirty)').waitFor();
  });

  it('shows the traced paths in the call-graph panel and opens the source of a clicked node', async () => {
    const { page } = session;
    await runCommand(page, 'View: Close Primary Side Bar');
    await openFile(page, 'kernel/memremap.c');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
    await runCommand(page, 'View: Hide Panel');
    await runCommand(page, 'MM Hotplug: Show Call Graph');
    const frame = graphFrame(page);
    await frame.locator('main[data-rendered] g.node').first().waitFor();
    const names = await frame.locator('g.node text.name').allTextContents();
    expect(names).toEqual(
      expect.arrayContaining([
        'devm_memremap_pages()',
        'arch_add_memory()',
        'move_pfn_range_to_zone()',
        'hmm_devmem_add()',
        '__remove_pages()',
      ]),
    );
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    // Wait until the webview has refitted the graph to its maximized size.
    const doc = await (await frame.locator('main').elementHandle())!.ownerFrame();
    await doc!.waitForFunction(() => {
      const main = document.querySelector('main')!;
      return main.clientWidth > 1200 && main.dataset.fittedWidth === String(main.clientWidth);
    });
    await screenshot(page, '02-call-graph');
    // Edges carry their kind; the locks held across a call are in its tooltip and detail pane, not on the edge.
    expect(
      await frame
        .locator('g.edge.kind-registered text.edge-label', { hasText: 'registered callback: devm_add_action' })
        .count(),
    ).toBe(1);
    expect(await frame.locator('g.edge text.edge-label', { hasText: /holds|holding|_lock\b/ }).count()).toBe(0);
    expect(await frame.locator('g.edge title', { hasText: /holding .*mem_hotplug_lock/ }).count()).toBeGreaterThan(0);
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    await frame.locator('g.node', { hasText: 'arch_add_memory()' }).click();
    await page.locator('.tab.active[data-resource-name="init_64.c"]').waitFor();
    // The cursor lands on the definition the CLI reports for arch_add_memory().
    const definedAt = cliPaths(session.workspace)
      .paths.flatMap((p) => p.steps)
      .find((s) => s.function === 'arch_add_memory')!.definedAt;
    await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${definedAt.line}, Col \\d+$`) }).waitFor();
    await screenshot(page, '03-click-to-source');
  });

  it('exports the panel as SVG and DOT files', async () => {
    const { page, workspace } = session;
    const frame = graphFrame(page);
    for (const [button, file] of [
      ['#export-svg', 'hotplug-call-graph.svg'],
      ['#export-dot', 'hotplug-call-graph.dot'],
    ] as const) {
      await frame.locator(button).click();
      // code-server's own save dialog: a quick input holding the proposed path.
      await page.waitForFunction(
        (name) =>
          (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value.endsWith(
            name,
          ) ?? false,
        file,
      );
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await page
        .locator('.notifications-toasts', { hasText: `Call graph written to ${join(workspace, file)}` })
        .waitFor();
    }
    const svg = readFileSync(join(workspace, 'hotplug-call-graph.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>devm_memremap_pages()</text>');
    expect(svg).not.toMatch(/<script|class="hit"/);
    const dot = readFileSync(join(workspace, 'hotplug-call-graph.dot'), 'utf8');
    expect(dot.startsWith('digraph memhp_call_graph {')).toBe(true);
    expect(dot).toMatch(
      /"devm_memremap_pages@kernel\/memremap\.c:\d+" -> "devm_memremap_pages_release@kernel\/memremap\.c:\d+" \[label="registered callback \(devm_add_action\)\\nkernel\/memremap\.c:\d+/,
    );
  });

  it('filters the panel by entry and survives a window reload (serializer)', async () => {
    const { page } = session;
    const frame = graphFrame(page);
    await frame.locator('#filter-entry').selectOption('hmm_devmem_add');
    await frame.locator('#status', { hasText: /^\d+ of \d+ paths/ }).waitFor();
    const names = await frame.locator('g.node text.name').allTextContents();
    expect(names).toContain('hmm_devmem_add()');
    expect(names).not.toContain('devm_memremap_pages()');
    await runCommand(page, 'Developer: Reload Window');
    const restored = graphFrame(page);
    await restored.locator('main[data-rendered] g.node').first().waitFor();
    expect(await restored.locator('#filter-entry').inputValue()).toBe('hmm_devmem_add');
    // The restored panel first shows the analysis of the priority files, then the whole index's.
    await expect.poll(() => restored.locator('g.node text.name').allTextContents(), { timeout: 60_000 }).toEqual(names);
  });

  it('lists entries, paths and steps in the Traced Paths view', async () => {
    const { page } = session;
    await page.locator('.activitybar .action-item a[aria-label^="MM Hotplug Review"]').click();
    const tree = page.locator('.pane', { hasText: 'Traced Paths' });
    const entry = tree.locator('.monaco-list-row', { hasText: 'devm_memremap_pages()' }).first();
    await entry.locator('.monaco-tl-twistie').click();
    await tree.locator('.monaco-list-row[aria-level="2"]').first().locator('.monaco-tl-twistie').click();
    const step = tree.locator('.monaco-list-row[aria-level="3"]').nth(1);
    await step.waitFor();
    expect(await step.innerText()).toMatch(/devm_memremap_pages\(\) calls \w+\(\)/);
    await screenshot(page, '04-paths-view');
  });

  it('reviews a series: New findings on its + lines and on the read-only post-image, new paths marked in the panel', async () => {
    const { page, workspace } = session;
    const expected = cliReview(workspace, 'reviews/resize-after-done.mbox');
    expect(expected.new.length).toBeGreaterThan(0);
    await openFile(page, 'reviews/resize-after-done.mbox');
    await page.locator('.statusbar-item', { hasText: /memhp \d+ files · \d+ paths/ }).waitFor();
    await runCommand(page, 'MM Hotplug: Review Patch');
    const frame = graphFrame(page);
    // The series adds add/del_device_memory() to the hotplug paths: marked as added, with a Before view.
    await frame.locator('g.node.status-added', { hasText: 'add_device_memory()' }).waitFor();
    await frame.locator('g.node.status-added', { hasText: 'del_device_memory()' }).waitFor();
    await frame.locator('#side:not([hidden]) #side-before').waitFor();
    await screenshot(page, '07-review-panel');
    // Every New finding of the CLI review is on its + line of the mbox and at its place in the post-image.
    const markers = page.locator('.markers-panel');
    await showProblems(page, 'New:');
    await runCommand(page, 'View: Toggle Maximized Panel');
    // As a table the view has one row per problem (no related-information rows), so all of them fit.
    await page.locator('.panel .action-label[aria-label="View as Table"]').first().click();
    await markers.locator('.markers-table-container').waitFor();
    for (const f of expected.new) {
      const rows = markers.locator('.monaco-list-row', { hasText: f.ruleId }).filter({ hasText: 'New:' });
      await rows
        .filter({ hasText: `[Ln ${f.patch!.at.line}, Col 1]` })
        .first()
        .waitFor();
      await rows
        .filter({ hasText: `[Ln ${f.location.line}, Col ${f.location.column + 1}]` })
        .first()
        .waitFor();
    }
    await screenshot(page, '08-review-problems');
    await page.locator('.panel .action-label[aria-label="View as Tree"]').first().click();
    await runCommand(page, 'View: Toggle Maximized Panel');
    await showProblems(page, '');
    await frame.locator('#side-before').click();
    await frame.locator('#side-before.active').waitFor();
    expect(await frame.locator('g.node', { hasText: 'add_device_memory()' }).count()).toBe(0);
  });

  it('hovers a call the series adds, on the post-image document, from the replay after the series', async () => {
    const { page } = session;
    // The series adds kasan_add_zero_shadow() at mm/memory_hotplug.c:498 of the post-image (a New finding there).
    const expected = cliReview(session.workspace, 'reviews/resize-after-done.mbox').new.find(
      (f) => f.location.file === 'mm/memory_hotplug.c' && f.message.startsWith('kasan_add_zero_shadow()'),
    )!;
    expect(expected.location.line).toBe(498);
    const markdown = await postImageHoverMarkdown(
      'series/variants/resize-after-done.mbox',
      'mm/memory_hotplug.c',
      498,
      'kasan_add_zero_shadow',
    );
    await page.locator('.tab[data-resource-name="memory_hotplug.c"]').click();
    await page.locator('.tab.active[data-resource-name="memory_hotplug.c"]').waitFor();
    await goToLine(page, 498);
    const token = page
      .locator('.editor-group-container.active .view-lines .view-line', { hasText: 'kasan_add_zero_shadow(' })
      .locator('span > span', { hasText: /^kasan_add_zero_shadow$/ })
      .first();
    await token.waitFor();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'zone model' }).first();
    await hover.waitFor();
    expect(collapsed(await hover.innerText())).toBe(markdownAsText(markdown));
    expect(markdown).toContain('add\\_device\\_memory\\(\\) \\-\\> kasan\\_add\\_zero\\_shadow\\(\\)');
    expect(await hover.locator('a').count()).toBe(0);
    await screenshot(page, '12-post-image-hover');
    await page.keyboard.press('Escape');
  });

  it('exports the review as reply mails, the text the CLI writes, in a patch-email document', async () => {
    const { page, workspace } = session;
    const email = cliEmail(workspace, 'reviews/resize-after-done.mbox').split('\n');
    await runCommand(page, 'MM Hotplug: Export Review Email');
    await page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'Kernel Patch Email' }).waitFor();
    const lines = page.locator('.view-lines');
    for (const line of email.slice(0, 12).filter((l) => l.trim() !== ''))
      await lines
        .locator('.view-line', { hasText: line.replace(/\t/g, ' ').trim() })
        .first()
        .waitFor();
    await screenshot(page, '11-review-email');
    await graphFrame(page).locator('#clear-focus').click();
    await graphFrame(page).locator('#side[hidden]').waitFor({ state: 'attached' });
  });

  it('keeps a hostile patch inert in the panel: <script>, <img onerror>, command: links and ANSI escapes are text', async () => {
    const { page } = session;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openFile(page, 'reviews/hostile.patch');
    await runCommand(page, 'MM Hotplug: Review Patch');
    const frame = graphFrame(page);
    const title = frame.locator('#title', { hasText: '<script>alert(1)</script>' });
    await title.waitFor();
    expect(await title.innerText()).toContain('Add a range describer <script>alert(1)</script>');
    // Our bundle is the only script with a source; VS Code adds its own inline bootstrap, nothing else runs.
    expect(await frame.locator('script[src]').count()).toBe(1);
    expect(await frame.locator('script', { hasText: 'alert' }).count()).toBe(0);
    expect(await frame.locator('img, iframe, a').count()).toBe(0);
    expect(await page.locator('.monaco-workbench img[src="x"]').count()).toBe(0);
    await screenshot(page, '10-hostile-inert');
    expect(dialogs).toEqual([]);
    await frame.locator('#clear-focus').click();
  });

  it('highlights a patch mail: subject prefix, trailers, quote levels, diff', async () => {
    const { page } = session;
    await openFile(page, 'reviews/reply.mbox');
    await page.locator('.statusbar-item', { hasText: 'Kernel Patch Email' }).waitFor();
    const color = async (text: string) => {
      const span = page.locator('.editor-group-container.active .view-lines span span', { hasText: text }).first();
      await span.waitFor();
      return span.evaluate((node) => getComputedStyle(node).color);
    };
    const plain = await color('On Mon, Oct 15, 2018 Dan wrote:');
    const prefix = await color('PATCH');
    const trailer = await color('Reviewed-by');
    const quote1 = await color('> Why not take the lock');
    const quote2 = await color('> > Because the KASAN');
    const quote3 = await color('> > > Older text.');
    const inserted = await color('+++ b/mm/memory_hotplug.c');
    expect(new Set([plain, prefix, trailer]).size).toBe(3);
    expect(new Set([plain, quote1, quote2, quote3]).size).toBe(4);
    expect(inserted).not.toBe(plain);
    await screenshot(page, '05-patch-mail');
  });
});
