// What one fuzz input goes through: mail and diff reading, in-memory apply over the fixture tree, the
// analysis of the tree after the series, the New/Fixed/Old comparison with the patch-local checks, and
// every review format. An exception out of any of it is a crash; so is an output that breaks its contract
// (raw control characters, JSON that does not parse). A clear problem line is the expected answer.

import { createHash } from 'node:crypto';
import { analyze, type AnalyzeOptions } from '../../src/core/analysis/analyze.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { EVERY_RULE } from '../../src/core/patch/all-rules.js';
import { compareSides, prepareSeries, type SideResult } from '../../src/core/patch/review.js';
import { reportOf } from '../../src/core/patch/review-report.js';
import { chainText } from '../../src/core/paths/trace.js';
import { formatReviewEmail } from '../../src/core/report/email.js';
import { formatReviewJson } from '../../src/core/report/review-json.js';
import { formatReviewText } from '../../src/core/report/review-text.js';
import { formatReviewSarif } from '../../src/core/report/sarif.js';
import { createCParser } from '../../src/core/syntax/parser.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { Workspace, type Snapshot } from '../../src/core/workspace/workspace.js';
import type { Analysis } from '../../src/core/analysis/analyze.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';

// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export interface Outcome {
  reviewed: boolean;
  mails: number;
  hunks: number;
  applied: number;
  problems: number;
  findings: { new: number; fixed: number; old: number };
  /** Whether the tree after the series was analysed afresh (false: a post-image seen before, or none). */
  analysed: boolean;
}

export type RunResult = { ok: true; outcome: Outcome } | { ok: false; kind: 'exception' | 'output'; error: string };

export interface FuzzTarget {
  run(bytes: Uint8Array, name?: string): Promise<RunResult>;
}

const isSource = (path: string) => /\.[ch]$/.test(path);
const side = (a: Analysis): SideResult => ({
  findings: a.findings,
  paths: a.paths.paths.map((p) => chainText(a.graph, p)),
});

/** Facts by content hash in memory: a post-image seen before is not parsed again. */
class MemoryFactsCache {
  private readonly facts = new Map<string, FileFacts>();
  get = (hash: string) => this.facts.get(hash);
  set = (hash: string, f: FileFacts) => {
    if (this.facts.size > 5000) this.facts.clear();
    this.facts.set(hash, f);
  };
}

/** Loads `treeRoot` once and analyses it; `run` then reviews one input against it. */
export async function createTarget(treeRoot: string, wasmFrom?: string): Promise<FuzzTarget> {
  const parser = await createCParser(readWasm(wasmFrom));
  const workspace = new Workspace(parser, new MemoryFactsCache(), true);
  loadTree(workspace, treeRoot, listTreeFiles(treeRoot));
  const base: Snapshot = workspace.snapshot();
  const options: AnalyzeOptions = { config: defaultConfig('x86') };
  const before = side(analyze(base, options));
  // The analysis after the series depends only on the post-image texts: analysed once per distinct set.
  const afterByImage = new Map<string, SideResult>();

  return {
    async run(bytes, name = 'fuzz.mbox') {
      let stage = 'reading and applying';
      try {
        const prepared = await prepareSeries(base, [{ name, bytes }]);
        stage = 'analysing the tree after the series';
        const key = imageKey(prepared.applied.files, prepared.applied.removed);
        let after = key === undefined ? before : afterByImage.get(key);
        const analysed = after === undefined;
        if (after === undefined) {
          after = side(analyze(prepared.afterSnapshot, options));
          if (afterByImage.size > 2000) afterByImage.clear();
          afterByImage.set(key!, after);
        }
        stage = 'comparing';
        const report = reportOf(compareSides(prepared, before, after));
        stage = 'formatting';
        const outputs = {
          text: formatReviewText(report),
          email: formatReviewEmail(report),
          json: formatReviewJson(report),
          sarif: formatReviewSarif(report, { rules: EVERY_RULE, toolVersion: 'fuzz' }),
        };
        for (const [format, out] of Object.entries(outputs)) {
          const raw = RAW_CONTROL.exec(out);
          if (raw)
            return {
              ok: false,
              kind: 'output',
              error: `${format} output carries a raw U+${raw[0].charCodeAt(0).toString(16).padStart(4, '0')}`,
            };
        }
        for (const format of ['json', 'sarif'] as const) {
          try {
            JSON.parse(outputs[format]);
          } catch (err) {
            return { ok: false, kind: 'output', error: `${format} output does not parse: ${(err as Error).message}` };
          }
        }
        const count = (s: string) => report.findings.filter((f) => f.status === s).length;
        return {
          ok: true,
          outcome: {
            reviewed: report.reviewed,
            mails: report.mails.length,
            hunks: report.hunks.length,
            applied: report.hunks.filter((h) => h.status !== 'failed').length,
            problems: report.problems.length,
            findings: { new: count('new'), fixed: count('fixed'), old: count('old') },
            analysed,
          },
        };
      } catch (err) {
        const e = err as Error;
        return { ok: false, kind: 'exception', error: `${stage}: ${e.stack ?? String(err)}` };
      }
    },
  };
}

function imageKey(files: ReadonlyMap<string, { text: string }>, removed: readonly string[]): string | undefined {
  const changed = [...files].filter(([p]) => isSource(p));
  const gone = removed.filter(isSource);
  if (changed.length === 0 && gone.length === 0) return undefined;
  const hash = createHash('sha256');
  for (const [path, file] of changed.sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${file.text}\0`);
  for (const path of gone.sort()) hash.update(`-${path}\0`);
  return hash.digest('hex');
}
