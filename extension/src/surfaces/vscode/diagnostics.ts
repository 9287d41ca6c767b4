// Feature: findings of the complete index as diagnostics on C files. A file whose open buffer changed
// since the analysis started gets none until a fresh analysis arrives (stale results are never shown).

import * as vscode from 'vscode';
import type { AnalysisState } from './analysis.js';
import type { Ctx } from './ctx.js';
import { findingDiagnostic } from './convert.js';
import { mergeFindingsBySite } from '../../core/views/merge-findings.js';
import type { Finding } from '../../core/model/finding.js';

/** True when the text analysed for `path` is no longer what the open editor buffer holds. */
export function isStale(state: AnalysisState, path: string, doc: vscode.TextDocument | undefined): boolean {
  if (!doc) return false;
  const analysed = state.versions.get(path);
  return doc.isDirty ? analysed !== doc.version : analysed !== undefined;
}

export function register(ctx: Ctx): void {
  const collection = vscode.languages.createDiagnosticCollection('memhp');
  const publish = (state: AnalysisState) => {
    if (!state.complete) return;
    const byFile = new Map<string, Finding[]>();
    for (const f of mergeFindingsBySite(state.findings))
      byFile.set(f.location.file, [...(byFile.get(f.location.file) ?? []), f]);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    collection.clear();
    for (const [file, findings] of byFile) {
      const uri = vscode.Uri.joinPath(state.root, file);
      if (isStale(state, file, open.get(uri.toString()))) continue;
      collection.set(
        uri,
        findings.map((f) => findingDiagnostic(state.root, ctx.extension.extensionUri, f)),
      );
    }
  };
  ctx.subscribe(
    collection,
    ctx.analysis.onDidChange(publish),
    vscode.workspace.onDidChangeTextDocument((event) => {
      // An edit makes this file's findings stale at once; the debounced re-analysis brings fresh ones.
      const path = ctx.analysis.pathOf(event.document.uri);
      if (path && event.contentChanges.length > 0) collection.delete(event.document.uri);
    }),
  );
}
