// Feature: a status-bar item with the active root's index state (files indexed, paths traced, progress; the
// root named when the window has several); it opens the call graph.

import * as vscode from 'vscode';
import type { Ctx } from './ctx.js';
import type { AnalysisState } from './analysis.js';

/** Status-bar text and a one-sentence summary of the index (also the panel's footer). */
export function statusText(state: AnalysisState, rootName?: string): { text: string; summary: string } {
  const of = rootName === undefined ? '' : ` ${rootName}:`;
  const { done, total, stopped } = state.progress;
  const paths = `${state.trace.paths.length} path${state.trace.paths.length === 1 ? '' : 's'}`;
  if (!state.complete && !stopped)
    return {
      text: `$(sync~spin) memhp${of} ${done}/${total}`,
      summary: `Indexing the hotplug scope: ${done} of ${total} files; ${paths} so far.`,
    };
  if (stopped)
    return {
      text: `$(warning) memhp${of} ${done}/${total}`,
      summary: `Indexing stopped at ${done} of ${total} files; ${paths}. Run "Re-index" to finish.`,
    };
  return {
    text: `$(type-hierarchy) memhp${of} ${state.fileCount} files · ${paths}`,
    summary: `${state.fileCount} files indexed; ${paths} traced.`,
  };
}

export function register(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem('memhp.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'MM Hotplug Review';
  item.command = 'memhp.showCallGraph';
  item.text = '$(sync~spin) memhp';
  item.tooltip = 'MM Hotplug Review: starting';
  item.show();
  const refresh = () => {
    const analysis = ctx.roots.active();
    const state = analysis?.current;
    if (!analysis || !state) return;
    const { text, summary } = statusText(state, ctx.roots.all().length > 1 ? analysis.name : undefined);
    item.text = text;
    item.tooltip = `MM Hotplug Review: ${summary} Click to show the call graph.`;
  };
  ctx.subscribe(item, ctx.roots.onDidChange(refresh), ctx.roots.onDidChangeActive(refresh));
}
