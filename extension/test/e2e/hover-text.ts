// Test helpers for exact hover checks: the text a reader sees of the hover markdown the core renders (what the
// rendered hover's innerText holds, whitespace collapsed), and the markdown itself, computed in-process the
// way the editor computes it: over a tree on disk, or over a post-image of a fixture review.

import { analyzeOptions, DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';
import { analyzeInSlices, resolveScenario } from '../../src/core/analysis/analyze.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { DiskFactsCache } from '../../src/surfaces/node/cache.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { review } from '../../src/core/patch/review.js';
import { hoverModel, renderHoverMarkdown, SimulationIndex } from '../../src/core/views/hover.js';
import { cParser, fixtureSources, fixtureTree } from '../patch/tree.js';
import { forEachYielding } from '../real/kernel.js';

/**
 * The visible text of hover markdown as renderHoverMarkdown writes it: bold and italic markers, list bullets
 * and table rules dropped, backslash escapes resolved, whitespace collapsed to single spaces.
 */
export function markdownAsText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\|(---\|)+$/.test(line))
    .map((line) =>
      line
        .replace(/^\s*- /, '')
        .replace(/(?<!\\)\*\*/g, '')
        .replace(/(?<!\\)_/g, '')
        .replace(/(?<!\\)\|/g, ' ')
        .replace(/\\(.)/g, '$1'),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whitespace of a rendered hover's innerText collapsed as markdownAsText does. */
export function collapsed(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The hover markdown at `file:line` over `fn` in the tree after the fixture series `patch` (test-fixtures/...). */
export async function postImageHoverMarkdown(patch: string, file: string, line: number, fn: string): Promise<string> {
  const tree = await fixtureTree();
  const after = new SimulationIndex();
  const result = await review({
    base: tree.workspace.snapshot(),
    patches: fixtureSources(patch),
    readTree: tree.readTree,
    analysis: analyzeOptions(DEFAULT_SETTINGS),
    tapFor: (side) => (side === 'after' ? after : undefined),
  });
  const model = hoverModel(after, result.after.findings, resolveScenario(result.after.scenario), file, line, fn);
  if (!model) throw new Error(`no hover at ${file}:${line} over ${fn} after ${patch}`);
  return renderHoverMarkdown(model);
}

/**
 * The hover markdown at `file:line` over `fn` in the tree at `root` under the default settings; `cacheDir`: a
 * facts cache to read (a CLI run over the same tree fills it, so a whole kernel tree loads in seconds).
 */
export async function treeHoverMarkdown(
  root: string,
  file: string,
  line: number,
  fn: string,
  cacheDir?: string,
): Promise<string> {
  const workspace = new Workspace(await cParser(), cacheDir ? new DiskFactsCache(cacheDir) : undefined, true);
  // In slices: a whole kernel tree in one piece can outlast vitest's RPC deadline on a loaded machine.
  await forEachYielding(listTreeFiles(root), (path) => loadTree(workspace, root, [path]));
  const simulation = new SimulationIndex();
  const yieldOnce = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(false)));
  const result = await analyzeInSlices(
    workspace.snapshot(),
    { ...analyzeOptions(DEFAULT_SETTINGS), tap: simulation },
    yieldOnce,
  );
  if (!result) throw new Error(`the analysis of ${root} stopped`);
  const model = hoverModel(simulation, result.findings, resolveScenario(result.scenario), file, line, fn);
  if (!model) throw new Error(`no hover at ${file}:${line} over ${fn} in ${root}`);
  return renderHoverMarkdown(model);
}
