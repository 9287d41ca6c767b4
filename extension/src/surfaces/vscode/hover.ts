// Feature: simulate-on-hover. Over a function name on a traced path (call site or definition) shows the
// chains reaching it, the locks held and where taken, the zone model before -> after and the findings
// there, from the cached simulation. The markdown is escaped in core; it is never trusted here.

import * as vscode from 'vscode';
import { hoverModel, renderHoverMarkdown } from '../../core/views/hover.js';
import type { Ctx } from './ctx.js';
import { isStale } from './diagnostics.js';

export function register(ctx: Ctx): void {
  const provider: vscode.HoverProvider = {
    provideHover(doc, pos) {
      const state = ctx.analysis.current;
      const path = ctx.analysis.pathOf(doc.uri);
      const range = doc.getWordRangeAtPosition(pos, /[A-Za-z_][A-Za-z0-9_]*/);
      if (!state?.complete || !path || !range || isStale(state, path, doc)) return undefined;
      const model = hoverModel(
        state.simulation,
        state.findings,
        state.scenario,
        path,
        pos.line + 1,
        doc.getText(range),
      );
      if (!model) return undefined;
      const markdown = new vscode.MarkdownString(renderHoverMarkdown(model));
      markdown.isTrusted = false;
      markdown.supportHtml = false;
      markdown.supportThemeIcons = false;
      return new vscode.Hover(markdown, range);
    },
  };
  ctx.subscribe(vscode.languages.registerHoverProvider({ language: 'c', scheme: 'file' }, provider));
}
