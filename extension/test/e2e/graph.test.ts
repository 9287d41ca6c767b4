// The call-graph panel on the Debian 6.1 tree's traced paths in code-server: readable at the default zoom in
// the side column and in a full editor column, focused on pagemap_range() through the search box with the
// exact callers and callees two hops each way, keyboard moves and hops, locks in the detail pane and not on
// the edges. Screenshots of each view go to test-output/screenshots/.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelRoot } from '../real/kernel.js';
import {
  codeServerEntry,
  graphFrame,
  openFile,
  packagedExtension,
  repoRoot,
  runCommand,
  screenshot,
  startSession,
  type Session,
} from './harness.js';

let session: Session;
let tree: string;

interface CliStep {
  function: string;
  definedAt: { file: string; line: number };
}

/** The CLI's traced paths over the same tree, as chains of `name@file:line`. */
function cliPaths(): string[][] {
  const out = execFileSync(
    process.execPath,
    [join(repoRoot, 'dist/cli.js'), 'paths', '--tree', tree, '--format', 'json'],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  return (JSON.parse(out) as { paths: { steps: CliStep[] }[] }).paths.map((p) =>
    p.steps.map((s) => `${s.function}@${s.definedAt.file}:${s.definedAt.line}`),
  );
}

/** Function names within `hops` calls of `name`, callers up and callees down, over the CLI's paths. */
function neighbourhood(paths: string[][], name: string, hops: number): string[] {
  const up = new Map<string, Set<string>>();
  const down = new Map<string, Set<string>>();
  for (const p of paths)
    for (let i = 1; i < p.length; i++) {
      down.set(p[i - 1]!, (down.get(p[i - 1]!) ?? new Set()).add(p[i]!));
      up.set(p[i]!, (up.get(p[i]!) ?? new Set()).add(p[i - 1]!));
    }
  const start = paths.flat().find((id) => id.startsWith(`${name}@`))!;
  const shown = new Set([start]);
  for (const next of [up, down]) {
    let frontier = [start];
    const seen = new Set(frontier);
    for (let hop = 0; hop < hops; hop++) {
      frontier = frontier.flatMap((id) => [...(next.get(id) ?? [])].filter((n) => !seen.has(n) && seen.add(n)));
      for (const id of frontier) shown.add(id);
    }
  }
  return [...shown].map((id) => `${id.slice(0, id.indexOf('@'))}()`).sort();
}

async function shownNames(): Promise<string[]> {
  return (await graphFrame(session.page).locator('g.node text.name').allTextContents()).sort();
}

/** Smallest on-screen height of a function name in the panel, in CSS pixels, and the zoom it is drawn at. */
async function nameSize(): Promise<{ minHeight: number; zoom: number }> {
  const main = graphFrame(session.page).locator('main');
  return main.evaluate((el) => ({
    minHeight: Math.min(...[...el.querySelectorAll('g.node text.name')].map((t) => t.getBoundingClientRect().height)),
    zoom: Number((el as HTMLElement).dataset.zoom),
  }));
}

beforeAll(async () => {
  const entry = codeServerEntry();
  const vsix = packagedExtension();
  tree = kernelRoot('6.1');
  // The tree is opened where it is, read only: nothing in this file writes into it.
  session = await startSession('graph', tree, vsix, entry);
});

afterAll(async () => {
  await session?.close();
});

describe('the call-graph panel on the Debian 6.1 tree', () => {
  it('shows the whole traced graph readable in the side column, locks kept off the edges', async () => {
    const { page } = session;
    await openFile(page, 'mm/memremap.c');
    const paths = cliPaths();
    await page.locator('.statusbar-item', { hasText: `· ${paths.length} paths` }).waitFor({ timeout: 240_000 });
    await runCommand(page, 'MM Hotplug: Show Call Graph');
    const frame = graphFrame(page);
    await frame.locator('main[data-rendered] g.node').first().waitFor();
    const all = [...new Set(paths.flat().map((id) => `${id.slice(0, id.indexOf('@'))}()`))].sort();
    expect(await shownNames()).toEqual(all);
    const size = await nameSize();
    expect(size.zoom).toBeGreaterThanOrEqual(1);
    expect(size.minHeight).toBeGreaterThanOrEqual(14);
    expect(await frame.locator('g.edge text.edge-label', { hasText: /holds|holding|_lock\b|mutex/ }).count()).toBe(0);
    await screenshot(page, 'graph-6.1-side-whole');
  });

  it('focuses pagemap_range() from the search box: itself, its callers and callees two hops each way', async () => {
    const { page } = session;
    const frame = graphFrame(page);
    const paths = cliPaths();
    await frame.locator('#search').fill('pagemap_range');
    await frame.locator('g.node.match', { hasText: 'pagemap_range()' }).waitFor();
    await frame.locator('#search').press('Enter');
    await frame.locator('#lens:not([hidden]) #lens-name', { hasText: 'pagemap_range()' }).waitFor();
    await frame.locator('g.node.around.selected', { hasText: 'pagemap_range()' }).waitFor();
    const expected = neighbourhood(paths, 'pagemap_range', 2);
    expect(expected).toEqual(expect.arrayContaining(['memremap_pages()', 'pagemap_range()', 'add_pages()']));
    expect(await shownNames()).toEqual(expected);
    expect((await frame.locator('#status').innerText()).trim()).toMatch(
      new RegExp(`^\\d+ of ${paths.length} paths · ${expected.length} of \\d+ functions shown`),
    );
    expect((await nameSize()).minHeight).toBeGreaterThanOrEqual(14);
    // The detail pane lists its calls with the locks held across each: arch_add_memory() under mem_hotplug_lock;
    // add_pages() is called only for device-private memory, a branch the default scenario does not take.
    const detail = frame.locator('#detail[data-kind="node"]');
    await detail
      .locator('li', { hasText: /^arch_add_memory\(\) at mm\/memremap\.c:\d+ holding .*mem_hotplug_lock/ })
      .waitFor();
    await detail
      .locator('li', { hasText: /^add_pages\(\) at mm\/memremap\.c:\d+ \(not reached by the replay\)$/ })
      .waitFor();
    await screenshot(page, 'graph-6.1-side-pagemap_range');
  });

  it('moves with the keyboard, changes the hops with + and -, shows an edge’s locks on hover', async () => {
    const { page } = session;
    const frame = graphFrame(page);
    const paths = cliPaths();
    // After Enter in the search box the focused function holds the keyboard.
    await page.keyboard.press('+');
    await frame.locator('#hops', { hasText: /^3$/ }).waitFor();
    await frame.locator(`main[data-rendered] g.node`).first().waitFor();
    await expect.poll(shownNames).toEqual(neighbourhood(paths, 'pagemap_range', 3));
    await page.keyboard.press('-');
    await frame.locator('#hops', { hasText: /^2$/ }).waitFor();
    await expect.poll(shownNames).toEqual(neighbourhood(paths, 'pagemap_range', 2));
    await frame.locator('g.node.around').focus();
    await page.keyboard.press('ArrowUp');
    // Up leads to a caller: memremap_pages() is the only one.
    await frame.locator('g.node.selected', { hasText: 'memremap_pages()' }).waitFor();
    await frame.locator('#detail[data-kind="node"] strong', { hasText: 'memremap_pages()' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await frame.locator('g.node.selected', { hasText: 'pagemap_range()' }).waitFor();
    // c folds the paths below pagemap_range(): its callees leave the view and the node counts them; c again unfolds.
    await page.keyboard.press('c');
    await frame.locator('g.node.around text.more', { hasText: /^4 functions folded \(12 paths\)$/ }).waitFor();
    expect(await shownNames()).toEqual(['devm_memremap_pages()', 'memremap_pages()', 'pagemap_range()']);
    await page.keyboard.press('c');
    await expect.poll(shownNames).toEqual(neighbourhood(paths, 'pagemap_range', 2));
    const edge = frame.locator('g.edge[data-id^="pagemap_range@"][data-id*=">arch_add_memory@"]');
    await edge.dispatchEvent('mouseenter');
    const locks = frame.locator('#detail[data-kind="edge"] .locks');
    await locks.waitFor();
    expect(await locks.innerText()).toMatch(/^Locks held across this call: .*mem_hotplug_lock/);
    await edge.dispatchEvent('mouseleave');
    await frame.locator('#detail[data-kind="node"]').waitFor();
  });

  it('reads at the default zoom in a full editor column, focused and whole; Enter opens the source', async () => {
    const { page } = session;
    const frame = graphFrame(page);
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    const doc = await (await frame.locator('main').elementHandle())!.ownerFrame();
    await doc!.waitForFunction(() => {
      const main = document.querySelector('main')!;
      return main.clientWidth > 1200 && main.dataset.fittedWidth === String(main.clientWidth);
    });
    expect((await nameSize()).minHeight).toBeGreaterThanOrEqual(14);
    await screenshot(page, 'graph-6.1-full-pagemap_range');
    await frame.locator('#unfocus').click();
    await frame.locator('#lens[hidden]').waitFor({ state: 'attached' });
    const all = [
      ...new Set(
        cliPaths()
          .flat()
          .map((id) => `${id.slice(0, id.indexOf('@'))}()`),
      ),
    ].sort();
    await expect.poll(shownNames).toEqual(all);
    const size = await nameSize();
    expect(size.zoom).toBeGreaterThanOrEqual(1);
    expect(size.minHeight).toBeGreaterThanOrEqual(14);
    await screenshot(page, 'graph-6.1-full-whole');
    await frame.locator('g.node', { hasText: 'pagemap_range()' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active[data-resource-name="memremap.c"]').waitFor();
    await runCommand(page, 'View: Toggle Maximize Editor Group');
  });
});
