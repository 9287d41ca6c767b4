// Feature: findings of each root's complete index as diagnostics on its C files. A file whose open buffer
// changed since the analysis started gets none until a fresh analysis arrives (stale results are never shown).

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
  /** The documents each root last put diagnostics on, by root path. */
  const published = new Map<string, vscode.Uri[]>();
  const clearRoot = (root: string) => {
    for (const uri of published.get(root) ?? []) collection.delete(uri);
    published.delete(root);
  };
  const publish = (state: AnalysisState) => {
    if (!state.complete) return;
    const byFile = new Map<string, Finding[]>();
    for (const f of mergeFindingsBySite(state.findings))
      byFile.set(f.location.file, [...(byFile.get(f.location.file) ?? []), f]);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    clearRoot(state.root.fsPath);
    const uris: vscode.Uri[] = [];
    for (const [file, findings] of byFile) {
      const uri = vscode.Uri.joinPath(state.root, file);
      if (isStale(state, file, open.get(uri.toString()))) continue;
      collection.set(
        uri,
        findings.map((f) => findingDiagnostic(state.root, ctx.extension.extensionUri, f)),
      );
      uris.push(uri);
    }
    published.set(state.root.fsPath, uris);
    ctx.perf.published(state, (uri) => (collection.get(uri) ?? []).map((d) => d.range.start.line + 1));
  };
  ctx.subscribe(
    collection,
    ctx.roots.onDidChange(publish),
    vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) clearRoot(folder.uri.fsPath);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      // An edit makes this file's findings stale at once; the debounced re-analysis brings fresh ones.
      const path = ctx.roots.forUri(event.document.uri)?.pathOf(event.document.uri);
      if (path && event.contentChanges.length > 0) collection.delete(event.document.uri);
    }),
  );
}
