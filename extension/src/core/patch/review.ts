// Reviews a patch series against a tree: reads the mails, applies them in memory, indexes the patched
// files, runs the host's analysis before and after plus the patch-local checks, and classifies
// findings New / Fixed / Old with each tied to its patch line. The host's workspace is left as it was.

import type { Parser } from 'web-tree-sitter';
import type { Snapshot, Workspace } from '../workspace/workspace.js';
import { applySeries, type FileResult, type HunkResult, type ReadTree } from './apply.js';
import { attribute, type AttributedFinding } from './attribute.js';
import { runPatchChecks } from './checks/index.js';
import { compareFindings, comparePaths, type PathChanges } from './compare.js';
import type { LineMap } from './linemap.js';
import { readSeries } from './series.js';
import type { PatchMail, PatchProblem, PatchSource } from './types.js';
import type { Finding } from '../model/finding.js';

export interface Analysis {
  findings: Finding[];
  /** Call paths as strings (`devm_memremap_pages -> add_device_memory -> arch_add_memory`). */
  paths: string[];
}

export interface ReviewInput {
  parser: Parser;
  /** Holds the tree as it is before the series; it is changed during the review and restored. */
  workspace: Workspace;
  readTree: ReadTree;
  patches: readonly PatchSource[];
  analyse: (snapshot: Snapshot) => Analysis;
  /** Review only the mails up to this `seq` (for a per-patch review). */
  upTo?: number;
}

export interface Review {
  mails: PatchMail[];
  problems: PatchProblem[];
  hunks: HunkResult[];
  files: FileResult[];
  findings: AttributedFinding[];
  paths: PathChanges;
  lineMap: LineMap;
  /** False when nothing at all could be reviewed (no hunk applied): hosts exit with 2. */
  reviewed: boolean;
}

/** What the formatters read: everything but the line map. */
export type ReviewReport = Omit<Review, 'lineMap'>;

const isSource = (path: string) => /\.[ch]$/.test(path);

export async function reviewSeries(input: ReviewInput): Promise<Review> {
  const { workspace, readTree } = input;
  const series = await readSeries(input.patches);
  const applied = applySeries(series.mails, readTree, input.upTo !== undefined ? { upTo: input.upTo } : {});
  const before = workspace.snapshot();
  const encoder = new TextEncoder();
  const touched = [...applied.removed, ...applied.files.keys()].filter(isSource);
  for (const path of applied.removed) workspace.remove(path);
  for (const [path, file] of applied.files) if (isSource(path)) workspace.applyChange(path, encoder.encode(file.text));
  const after = workspace.snapshot();
  let beforeAnalysis: Analysis;
  let afterAnalysis: Analysis;
  let local: Finding[];
  try {
    beforeAnalysis = input.analyse(before);
    afterAnalysis = input.analyse(after);
    local = runPatchChecks({ parser: input.parser, after, applied, mails: series.mails });
  } finally {
    for (const path of touched) {
      const original = before.files.has(path) ? readTree(path) : undefined;
      if (original === undefined) workspace.remove(path);
      else workspace.applyChange(path, encoder.encode(original));
    }
  }
  const compared = compareFindings(beforeAnalysis.findings, [...afterAnalysis.findings, ...local], (f, l) =>
    applied.lineMap.toPost(f, l),
  );
  return {
    mails: series.mails,
    problems: [...series.problems, ...applied.problems],
    hunks: applied.hunks,
    files: applied.fileResults,
    findings: attribute(compared, applied.lineMap),
    paths: comparePaths(beforeAnalysis.paths, afterAnalysis.paths),
    lineMap: applied.lineMap,
    reviewed:
      applied.hunks.some((h) => h.status !== 'failed') || applied.fileResults.some((f) => f.status === 'applied'),
  };
}
