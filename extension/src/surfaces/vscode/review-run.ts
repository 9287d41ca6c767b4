// Runs a patch review over the editor's index: reads the patch files, calls the core review on the
// current snapshot with the same analysis options the editor runs, and keeps what the editor shows
// afterwards: the before/after graphs, the post-image texts, the findings. No UI here.

import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { review } from '../../core/patch/review.js';
import { analyzeOptions } from './analysis.js';
import type { PatchSource } from '../../core/patch/types.js';
import { MAX_PATCH_FILE_BYTES } from '../../core/patch/series.js';
import { decodeSource } from '../../core/syntax/decode.js';
import { buildGraphView, compareGraphViews, type GraphViewModel } from '../../core/views/call-graph.js';
import type { Analysis } from './analysis.js';
import { SimulationIndex } from '../../core/views/hover.js';
import { locksFrom } from '../../core/views/hover.js';
import type { Review } from '../../core/patch/review-report.js';
import type { ReadTree } from '../../core/patch/apply.js';
import type { Snapshot } from '../../core/workspace/workspace.js';
import type { Finding } from '../../core/model/finding.js';
import type { Scenario } from '../../core/model/scenario.js';
import { resolveScenario } from '../../core/analysis/analyze.js';

/** What a hover on a post-image document reads: the after side's replay. */
export interface PostImageAnalysis {
  simulation: SimulationIndex;
  findings: readonly Finding[];
  scenario: Scenario;
}

export interface ReviewOutcome {
  review: Review;
  /** Patch files by the name the core reports places in (the URI string). */
  patchUris: Map<string, vscode.Uri>;
  before: GraphViewModel;
  after: GraphViewModel;
  /** Text after the series of each file it changed or created, by tree path. */
  postImages: Map<string, string>;
  /** The analysis after the series, for hovers on the post-images. */
  postAnalysis: PostImageAnalysis;
  title: string;
}

async function readPatch(uri: vscode.Uri): Promise<PatchSource> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { name: uri.toString(), bytes: new TextEncoder().encode(open.getText()) };
  const size = (await vscode.workspace.fs.stat(uri)).size;
  if (size > MAX_PATCH_FILE_BYTES) return { name: uri.toString(), size };
  return { name: uri.toString(), bytes: await vscode.workspace.fs.readFile(uri) };
}

/** Text of a tree file for patch application: the index's copy, else the file on disk. */
export function treeText(snapshot: Snapshot, root: vscode.Uri): ReadTree {
  return (path: string) => {
    const indexed = snapshot.text(path);
    if (indexed !== undefined) return indexed;
    try {
      const decoded = decodeSource(readFileSync(join(root.fsPath, path)));
      return decoded.ok ? decoded.text : undefined;
    } catch {
      return undefined;
    }
  };
}

/** `base`: the tree to review against instead of the index as it is (a git range's base commit). */
export async function runReview(
  analysis: Analysis,
  uris: readonly vscode.Uri[],
  base?: { snapshot: Snapshot; readTree: ReadTree },
): Promise<ReviewOutcome | string> {
  const state = analysis.current;
  const snapshot = analysis.snapshot();
  if (!state || !state.complete || !snapshot)
    return 'The index is not complete yet; review once indexing has finished.';
  const patches = await Promise.all(uris.map(readPatch));
  const settings = analysis.settings();
  const simulation = { before: new SimulationIndex(), after: new SimulationIndex() };
  const result = await review({
    base: base?.snapshot ?? snapshot,
    patches,
    readTree: base?.readTree ?? treeText(snapshot, state.root),
    analysis: analyzeOptions(settings),
    tapFor: (side) => simulation[side],
  });
  const view = (side: 'before' | 'after') => {
    const a = result[side];
    return buildGraphView(a.graph, a.paths, a.findings, locksFrom(simulation[side]));
  };
  const postImages = new Map<string, string>();
  for (const f of result.files) {
    const text = f.newPath ? result.afterSnapshot.text(f.newPath) : undefined;
    if (f.newPath && text !== undefined) postImages.set(f.newPath, text);
  }
  const compared = compareGraphViews(view('before'), view('after'));
  const cover = result.mails.find((m) => m.subject)?.subject ?? uris[0]!.path.split('/').at(-1)!;
  return {
    review: result,
    patchUris: new Map(uris.map((u) => [u.toString(), u])),
    before: compared.before,
    after: compared.after,
    postImages,
    postAnalysis: {
      simulation: simulation.after,
      findings: result.after.findings,
      scenario: resolveScenario(result.after.scenario),
    },
    title: `Patch review: ${cover}`,
  };
}

/** Patch files to review: command arguments, else the active patch document, else a file dialog. */
export async function pickPatches(args: unknown[]): Promise<vscode.Uri[]> {
  const given = new Map(
    args
      .flat()
      .filter((a): a is vscode.Uri => a instanceof vscode.Uri)
      .map((u) => [u.toString(), u]),
  );
  if (given.size > 0) return [...given.values()];
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === 'patch-email' || doc.languageId === 'diff')) return [doc.uri];
  return (
    (await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Review',
      filters: { Patches: ['patch', 'diff', 'mbox', 'mbx', 'eml'], 'All files': ['*'] },
    })) ?? []
  );
}
