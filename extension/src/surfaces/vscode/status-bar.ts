// Feature: a status-bar item with the index state (files indexed, paths traced, progress); it opens the
// call graph.

import * as vscode from 'vscode';
import type { Ctx } from './ctx.js';
import type { AnalysisState } from './analysis.js';

/** Status-bar text and a one-sentence summary of the index (also the panel's footer). */
export function statusText(state: AnalysisState): { text: string; summary: string } {
  const { done, total, stopped } = state.progress;
  const paths = `${state.trace.paths.length} path${state.trace.paths.length === 1 ? '' : 's'}`;
  if (!state.complete && !stopped)
    return {
      text: `$(sync~spin) memhp ${done}/${total}`,
      summary: `Indexing the hotplug scope: ${done} of ${total} files; ${paths} so far.`,
    };
  if (stopped)
    return {
      text: `$(warning) memhp ${done}/${total}`,
      summary: `Indexing stopped at ${done} of ${total} files; ${paths}. Run "Re-index" to finish.`,
    };
  return {
    text: `$(type-hierarchy) memhp ${state.snapshot.files.size} files · ${paths}`,
    summary: `${state.snapshot.files.size} files indexed; ${paths} traced.`,
  };
}

export function register(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem('memhp.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'MM Hotplug Review';
  item.command = 'memhp.showCallGraph';
  item.text = '$(sync~spin) memhp';
  item.tooltip = 'MM Hotplug Review: starting';
  item.show();
  ctx.subscribe(
    item,
    ctx.analysis.onDidChange((state) => {
      const { text, summary } = statusText(state);
      item.text = text;
      item.tooltip = `MM Hotplug Review: ${summary} Click to show the call graph.`;
    }),
  );
}
