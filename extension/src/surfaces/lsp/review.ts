// workspace/executeCommand memhp.reviewPatch: reviews a patch, an mbox or a b4 series against a kernel
// root as the editor has it (open buffers over the disk), returns the review report as text, and puts
// New findings on the `+` lines of the patch (Fixed ones on its `-` lines, problems on theirs).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError, ErrorCodes, type Diagnostic } from 'vscode-languageserver/node';
import { analyzeOptions } from '../../core/analysis/settings.js';
import { review } from '../../core/patch/review.js';
import { reportOf } from '../../core/patch/review-report.js';
import { sizeRefusal } from '../../core/patch/series.js';
import type { PatchSource } from '../../core/patch/types.js';
import { formatReviewText } from '../../core/report/review-text.js';
import { reviewMarks } from '../../core/views/review-marks.js';
import { markDiagnostic } from './convert.js';
import { uriPath, type KernelIndex } from './kernel-index.js';

export const REVIEW_COMMAND = 'memhp.reviewPatch';

/** What the command was asked to review: a file (path or file: URI), or text with the URI it came from. */
export interface ReviewRequest {
  path?: string;
  uri?: string;
  text?: string;
  /** The kernel root to review against (path or file: URI); default: the one holding the patch, else the first. */
  root?: string;
}

export interface ReviewAnswer {
  text: string;
  /** Diagnostics per patch URI (empty lists clear what an earlier review put there). */
  diagnostics: Map<string, Diagnostic[]>;
}

const fail = (message: string) => new ResponseError(ErrorCodes.InvalidParams, `${REVIEW_COMMAND}: ${message}`);

export function parseReviewArgs(args: unknown[] | undefined): ReviewRequest {
  const first = args?.[0];
  if (typeof first === 'string' && first !== '') return first.startsWith('file:') ? { uri: first } : { path: first };
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const o = first as Record<string, unknown>;
    const req: ReviewRequest = {};
    for (const key of ['path', 'uri', 'text', 'root'] as const) {
      const v = o[key];
      if (v === undefined) continue;
      if (typeof v !== 'string') throw fail(`'${key}' must be a string`);
      req[key] = v;
    }
    if (req.path !== undefined || req.uri !== undefined || req.text !== undefined) return req;
  }
  throw fail('give a patch file (a path or a file: URI) or { "text": ..., "uri": ... }');
}

/** The local file a request names, if it names one. */
export function requestFile(req: ReviewRequest, base: string | undefined): string | undefined {
  if (req.text !== undefined) return undefined;
  if (req.uri !== undefined) {
    const p = uriPath(req.uri);
    if (!p) throw fail(`${req.uri}: not a file: URI`);
    return p;
  }
  return isAbsolute(req.path!) || !base ? resolve(req.path!) : resolve(base, req.path!);
}

function readSource(file: string, openText: string | undefined): PatchSource {
  if (openText !== undefined) return { name: file, bytes: new TextEncoder().encode(openText) };
  if (!existsSync(file)) throw fail(`${file}: no such file`);
  const stat = statSync(file);
  if (!stat.isFile()) throw fail(`${file}: not a file`);
  if (sizeRefusal(file, stat.size)) return { name: file, size: stat.size };
  return { name: file, bytes: readFileSync(file) };
}

/**
 * Reviews `req` over `index` and `snapshot` (the tree with the open buffers laid over it). `openText` gives
 * the client's text of an open document by URI; `previous` the patch URIs an earlier review marked.
 */
export async function runReview(
  index: KernelIndex,
  req: ReviewRequest,
  openText: (uri: string) => string | undefined,
  previous: ReadonlySet<string>,
  docsDir: string,
): Promise<ReviewAnswer> {
  const file = requestFile(req, index.root);
  const uri = file ? pathToFileURL(file).href : req.uri;
  const source: PatchSource = file
    ? readSource(file, openText(uri!))
    : { name: req.uri ?? '(patch text)', bytes: new TextEncoder().encode(req.text!) };
  const base = index.snapshot();
  const result = await review({
    base,
    patches: [source],
    readTree: index.reader(base),
    analysis: analyzeOptions(index.settings),
  });
  const report = reportOf(result);
  const diagnostics = new Map<string, Diagnostic[]>([...previous].map((u) => [u, []]));
  if (uri) {
    const marks = reviewMarks(report, new Set()).filter((m) => m.on === 'patch' && m.file === source.name);
    diagnostics.set(
      uri,
      marks.map((m) => markDiagnostic(index.root, docsDir, m)),
    );
  }
  return { text: formatReviewText(report), diagnostics };
}
