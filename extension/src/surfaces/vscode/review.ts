// Feature: Review Patch. Applies patch files in memory over the index of the patch's kernel root (the active
// one for a patch outside every root), puts New findings on the `+` lines of the patch (and Fixed ones on the
// `-` lines) and on read-only post-image documents, and opens the call-graph panel in before/after mode.

import * as vscode from 'vscode';
import { reviewMarks } from '../../core/views/review-marks.js';
import { formatReviewEmail } from '../../core/report/email.js';
import type { Ctx } from './ctx.js';
import { findingDiagnostic, rangeAt, SEVERITY } from './convert.js';
import type { GraphPanel } from './graph-panel.js';
import { pickPatches, runReview, type PostImageAnalysis, type ReviewOutcome } from './review-run.js';
import type { Analysis } from './analysis.js';
import type { ReadTree } from '../../core/patch/apply.js';
import type { Snapshot } from '../../core/workspace/workspace.js';

export const POST_IMAGE_SCHEME = 'memhp-post';

/** The tree a review runs against when it is not the index as it is. */
export interface ReviewBase {
  snapshot: Snapshot;
  readTree: ReadTree;
}

/** A post-image document of the last review: its tree path, text and the after side's analysis. */
export interface PostImage {
  path: string;
  text: string;
  analysis: PostImageAnalysis;
}

export interface PatchReview {
  reviewPatch(...args: unknown[]): Promise<void>;
  /** Reviews these patch documents over `analysis` (default: the patches' root), against `base` when given. */
  reviewUris(uris: readonly vscode.Uri[], base?: ReviewBase, analysis?: Analysis): Promise<void>;
  /** The post-image behind a `memhp-post:` URI, while it is the last review's. */
  postImage(uri: vscode.Uri): PostImage | undefined;
  /** Opens the reviewer's reply mails for the last review (reviewing the active patch first if needed). */
  exportReviewEmail(): Promise<void>;
}

const lineRange = (line: number) =>
  new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), Number.MAX_SAFE_INTEGER);

export function register(ctx: Ctx, panel: GraphPanel): PatchReview {
  const collection = vscode.languages.createDiagnosticCollection('memhp-review');
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let last: ReviewOutcome | undefined;
  const postUri = (path: string) => vscode.Uri.from({ scheme: POST_IMAGE_SCHEME, path: `/${path}` });

  const publish = (outcome: ReviewOutcome, root: vscode.Uri) => {
    collection.clear();
    const byUri = new Map<string, [vscode.Uri, vscode.Diagnostic[]]>();
    for (const mark of reviewMarks(outcome.review, new Set(outcome.postImages.keys()))) {
      const uri = mark.on === 'patch' ? outcome.patchUris.get(mark.file) : postUri(mark.file);
      if (!uri) continue;
      const d = mark.finding
        ? findingDiagnostic(root, ctx.extension.extensionUri, mark.finding)
        : new vscode.Diagnostic(lineRange(mark.line), mark.message);
      d.message = mark.message;
      d.severity = SEVERITY[mark.severity];
      d.source = 'memhp';
      if (mark.on === 'patch') d.range = lineRange(mark.line);
      const entry = byUri.get(uri.toString()) ?? [uri, []];
      entry[1].push(d);
      byUri.set(uri.toString(), entry);
    }
    for (const [uri, list] of byUri.values()) collection.set(uri, list);
  };

  ctx.subscribe(
    collection,
    changed,
    vscode.workspace.registerTextDocumentContentProvider(POST_IMAGE_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => last?.postImages.get(uri.path.slice(1)) ?? '',
    }),
  );

  const reviewUris = async (uris: readonly vscode.Uri[], base?: ReviewBase, over?: Analysis) => {
    const analysis = over ?? uris.map((u) => ctx.roots.forUri(u)).find((a) => a) ?? ctx.roots.active();
    if (uris.length === 0 || !analysis) return;
    const root = analysis.root;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MM Hotplug Review: reviewing patch' },
      () => runReview(analysis, uris, base),
    );
    if (typeof outcome === 'string') {
      void vscode.window.showWarningMessage(`MM Hotplug Review: ${outcome}`);
      return;
    }
    last = outcome;
    for (const path of outcome.postImages.keys()) changed.fire(postUri(path));
    publish(outcome, root);
    panel.showReview(outcome.before, outcome.after, outcome.title);
    const count = (status: string) => outcome.review.findings.filter((f) => f.status === status).length;
    const withNew = [
      ...new Set(
        outcome.review.findings
          .filter((f) => f.status === 'new' && outcome.postImages.has(f.finding.location.file))
          .map((f) => f.finding.location.file),
      ),
    ];
    for (const path of withNew) {
      const first = outcome.review.findings.find((f) => f.status === 'new' && f.finding.location.file === path)!;
      await vscode.window.showTextDocument(postUri(path), {
        preview: false,
        preserveFocus: true,
        viewColumn: vscode.ViewColumn.One,
        selection: rangeAt(first.finding.location),
      });
    }
    void vscode.window.showInformationMessage(
      `Patch review: ${count('new')} new, ${count('fixed')} fixed, ${count('old')} unchanged findings; ${outcome.review.problems.length} problems.`,
    );
  };

  const reviewPatch = async (...args: unknown[]) => reviewUris(await pickPatches(args));

  return {
    reviewPatch,
    reviewUris,
    postImage: (uri) => {
      const path = uri.path.slice(1);
      const text = uri.scheme === POST_IMAGE_SCHEME ? last?.postImages.get(path) : undefined;
      return last && text !== undefined ? { path, text, analysis: last.postAnalysis } : undefined;
    },
    exportReviewEmail: async () => {
      if (!last) await reviewPatch();
      if (!last) return;
      const text = formatReviewEmail(last.review);
      if (text.trim() === '') {
        void vscode.window.showInformationMessage('Patch review: no New findings, so there is nothing to reply.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'patch-email', content: text });
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
    },
  };
}
