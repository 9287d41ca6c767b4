// Feature: simulate-on-hover. Over a function name on a traced path (call site or definition) shows the
// chains reaching it, the locks held and where taken, the zone model before -> after and the findings
// there: on a C file from its root's cached simulation, on a review's post-image document from the replay
// after the series. The markdown is escaped in core; it is never trusted here.

import * as vscode from 'vscode';
import { hoverModel, renderHoverMarkdown, type HoverModel } from '../../core/views/hover.js';
import type { Ctx } from './ctx.js';
import { isStale } from './diagnostics.js';
import { POST_IMAGE_SCHEME, type PatchReview } from './review.js';
import type { PostImageAnalysis } from './review-run.js';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/;

function hoverOf(model: HoverModel | undefined, range: vscode.Range): vscode.Hover | undefined {
  if (!model) return undefined;
  const markdown = new vscode.MarkdownString(renderHoverMarkdown(model));
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return new vscode.Hover(markdown, range);
}

function hoverAt(source: PostImageAnalysis, path: string, doc: vscode.TextDocument, pos: vscode.Position) {
  const range = doc.getWordRangeAtPosition(pos, WORD);
  if (!range) return undefined;
  return hoverOf(
    hoverModel(source.simulation, source.findings, source.scenario, path, pos.line + 1, doc.getText(range)),
    range,
  );
}

export function register(ctx: Ctx, review: PatchReview): void {
  const onFile: vscode.HoverProvider = {
    async provideHover(doc, pos) {
      const analysis = ctx.roots.forUri(doc.uri);
      const state = analysis?.current;
      const path = analysis?.pathOf(doc.uri);
      const range = doc.getWordRangeAtPosition(pos, WORD);
      if (!state?.complete || !path || !range || isStale(state, path, doc)) return undefined;
      const model = await analysis!.hover(path, pos.line + 1, doc.getText(range));
      // An analysis published while the worker answered may have made this buffer's state stale.
      if (analysis!.current !== state || isStale(state, path, doc)) return undefined;
      return hoverOf(model, range);
    },
  };
  const onPostImage: vscode.HoverProvider = {
    provideHover(doc, pos) {
      const post = review.postImage(doc.uri);
      // A document still showing an earlier review's text would be read against the wrong replay.
      if (!post || post.text !== doc.getText()) return undefined;
      return hoverAt(post.analysis, post.path, doc, pos);
    },
  };
  ctx.subscribe(
    vscode.languages.registerHoverProvider({ language: 'c', scheme: 'file' }, onFile),
    vscode.languages.registerHoverProvider({ scheme: POST_IMAGE_SCHEME }, onPostImage),
  );
}
