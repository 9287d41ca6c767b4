// Reviews a patch series against a tree: reads the mails, applies them in memory, lays the patched files
// over the base snapshot (an overlay: the base is never changed), runs the analysis before and after
// plus the patch-local checks, and classifies findings New / Fixed / Old with each tied to its patch line.

import { analyze, type Analysis, type AnalyzeOptions } from '../analysis/analyze.js';
import type { Finding } from '../model/finding.js';
import { chainText } from '../paths/trace.js';
import type { EventSink } from '../sim/events.js';
import type { SeverityOverride } from '../rules/runner.js';
import type { Snapshot } from '../workspace/workspace.js';
import { applySeries, type ReadTree, type SeriesApply } from './apply.js';
import { attribute } from './attribute.js';
import { runPatchChecks } from './checks/index.js';
import { compareFindings, comparePaths } from './compare.js';
import { perPatchReports } from './per-patch.js';
import { reportOf, type Review, type ReviewReport } from './review-report.js';
import { readSeries, type Series } from './series.js';
import { hunkLabel, type PatchMail, type PatchProblem, type PatchSource } from './types.js';

export interface ReviewInput {
  /** The tree as it is before the series. It is not changed. */
  base: Snapshot;
  patches: readonly PatchSource[];
  /** Text of tree files the snapshot does not hold (a patch may touch any file); default: the snapshot's. */
  readTree?: ReadTree;
  /** How the tree is analysed, before and after alike. */
  analysis?: AnalyzeOptions;
  /** An extra listener for the simulator's events on each side (the editor's hover index). */
  tapFor?: (side: 'before' | 'after') => EventSink | undefined;
}

/** A review with the analyses behind it and the tree after the series (the editor draws both sides). */
export interface ReviewRun extends Review {
  before: Analysis;
  after: Analysis;
  /** The tree after the series: the base with the patched files laid over it. */
  afterSnapshot: Snapshot;
}

/** One side of the comparison: findings and call paths as the analysis spells them. */
export interface SideResult {
  findings: readonly Finding[];
  paths: readonly string[];
}

/** A series read and applied in memory over a base snapshot. */
export interface PreparedSeries {
  series: Series;
  applied: SeriesApply;
  afterSnapshot: Snapshot;
}

const isSource = (path: string) => /\.[ch]$/.test(path);

export async function review(input: ReviewInput): Promise<ReviewRun> {
  const series = await readSeries(input.patches);
  const before = analyseSide(input, input.base, 'before');
  return reviewCut(input, series, before, undefined);
}

/**
 * `--per-patch`: one report per patch of the series, each against the tree with the patches before it
 * applied. The tree before the series is analysed once.
 */
export async function reviewPerPatch(input: ReviewInput): Promise<{ whole: ReviewRun; reports: ReviewReport[] }> {
  const series = await readSeries(input.patches);
  const before = analyseSide(input, input.base, 'before');
  const whole = reviewCut(input, series, before, undefined);
  const mails = whole.mails.filter((m) => !m.isCover).map((m) => ({ seq: m.seq, subject: m.subject }));
  const cuts = [reviewCut(input, series, before, 0), ...mails.map((m) => reviewCut(input, series, before, m.seq))];
  return { whole, reports: perPatchReports(cuts.map(reportOf), mails) };
}

/** Reads and applies a series over `base` (up to mail `upTo`), without analysing anything. */
export async function prepareSeries(
  base: Snapshot,
  patches: readonly PatchSource[],
  readTree: ReadTree = (p) => base.text(p),
  upTo?: number,
): Promise<PreparedSeries> {
  return applyPrepared(base, await readSeries(patches), readTree, upTo);
}

function applyPrepared(base: Snapshot, series: Series, readTree: ReadTree, upTo: number | undefined): PreparedSeries {
  const applied = applySeries(series.mails, readTree, upTo !== undefined ? { upTo } : {});
  return { series, applied, afterSnapshot: withSeries(base, applied) };
}

/** Compares two sides of a prepared series, with the patch-local checks on the tree after it. */
export function compareSides(
  prepared: PreparedSeries,
  before: SideResult,
  after: SideResult,
  rules: Readonly<Record<string, SeverityOverride>> = {},
): Review {
  const { series, applied, afterSnapshot } = prepared;
  const local: Finding[] = runPatchChecks({ after: afterSnapshot, applied, mails: series.mails, rules });
  const compared = compareFindings(before.findings, [...after.findings, ...local], (f, l) =>
    applied.lineMap.toPost(f, l),
  );
  return {
    mails: series.mails,
    problems: [...series.problems, ...applied.problems, ...unanalysedAfter(applied, afterSnapshot, series.mails)],
    hunks: applied.hunks,
    files: applied.fileResults,
    findings: attribute(compared, applied.lineMap),
    paths: comparePaths([...before.paths], [...after.paths]),
    lineMap: applied.lineMap,
    reviewed:
      applied.hunks.some((h) => h.status !== 'failed') || applied.fileResults.some((f) => f.status === 'applied'),
  };
}

/**
 * A C file the series changed that the index refused afterwards (an overlong line, binary data): its
 * functions are missing from the tree after the series, so its findings would read as fixed. Said once,
 * at the first line the series added to it.
 */
function unanalysedAfter(applied: SeriesApply, after: Snapshot, mails: readonly PatchMail[]): PatchProblem[] {
  const out: PatchProblem[] = [];
  for (const [path, file] of applied.files) {
    if (!isSource(path)) continue;
    const skipped = after.notes.find((n) => n.path === path && n.message.startsWith('skipped: '));
    const added = file.origins.find((o) => o.kind === 'patch');
    if (!skipped || added?.kind !== 'patch') continue;
    const mail = mails.find((m) => m.seq === added.mail)?.subject;
    out.push({
      at: added.at,
      ...(mail ? { mail } : {}),
      hunk: hunkLabel(added.path, added.hunk),
      message: `${path} is not analysed after the series (${skipped.message.slice('skipped: '.length)}); its findings and paths are left out of the tree after it`,
    });
  }
  return out;
}

function reviewCut(input: ReviewInput, series: Series, before: Analysis, upTo: number | undefined): ReviewRun {
  const prepared = applyPrepared(input.base, series, input.readTree ?? ((p) => input.base.text(p)), upTo);
  const after = analyseSide(input, prepared.afterSnapshot, 'after');
  return {
    ...compareSides(prepared, side(before), side(after), input.analysis?.rules),
    before,
    after,
    afterSnapshot: prepared.afterSnapshot,
  };
}

/** The tree after an applied series: the base with the C files it removed, changed or created laid over it. */
export function withSeries(base: Snapshot, applied: SeriesApply): Snapshot {
  const changes = new Map<string, string | null>();
  for (const path of applied.removed) if (isSource(path)) changes.set(path, null);
  for (const [path, file] of applied.files) if (isSource(path)) changes.set(path, file.text);
  return base.with(changes);
}

function analyseSide(input: ReviewInput, snapshot: Snapshot, which: 'before' | 'after'): Analysis {
  const tap = input.tapFor?.(which);
  return analyze(snapshot, { ...input.analysis, ...(tap ? { tap } : {}) });
}

const side = (a: Analysis): SideResult => ({
  findings: a.findings,
  paths: a.paths.paths.map((p) => chainText(a.graph, p)),
});
