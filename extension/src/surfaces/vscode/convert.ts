// The boundary between core data and vscode types: places, ranges, call-hierarchy items, diagnostics. Core positions
// are 1-based lines and 0-based UTF-16 columns; vscode's are 0-based lines.

import * as vscode from 'vscode';
import type { FnNode } from '../../core/callgraph/definitions.js';
import { functionDetail, type CallSite } from '../../core/views/call-hierarchy.js';
import type { Finding, Severity } from '../../core/model/finding.js';

export interface Place {
  file: string;
  line: number;
  column: number;
}

export function position(line: number, column: number): vscode.Position {
  return new vscode.Position(Math.max(0, line - 1), Math.max(0, column));
}

/** A range over `length` characters at a core place (an empty range when length is 0). */
export function rangeAt(place: { line: number; column: number }, length = 0): vscode.Range {
  const start = position(place.line, place.column);
  return new vscode.Range(start, start.translate(0, length));
}

export function location(root: vscode.Uri, place: Place, length = 0): vscode.Location {
  return new vscode.Location(vscode.Uri.joinPath(root, place.file), rangeAt(place, length));
}

/** The definition of a function: its whole span, with its name selected. */
export function callHierarchyItem(root: vscode.Uri, fn: FnNode): vscode.CallHierarchyItem {
  const { span, nameLoc } = fn.fact;
  const range = new vscode.Range(
    position(span.start.line, span.start.column),
    position(span.end.line, span.end.column),
  );
  const selection = rangeAt(nameLoc, fn.name.length);
  return new vscode.CallHierarchyItem(
    vscode.SymbolKind.Function,
    fn.name,
    functionDetail(fn),
    vscode.Uri.joinPath(root, fn.file),
    range.union(selection),
    selection,
  );
}

/** Call sites as ranges over the callee name (an empty range at an ops-table slot). */
export function callSiteRanges(sites: readonly CallSite[], calleeName: string): vscode.Range[] {
  return sites.map((s) => rangeAt(s, s.kind === 'ops' ? 0 : calleeName.length));
}

export const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's page, shipped inside the extension (extension/docs/rules/<id>.md). */
export function ruleDocs(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'extension', 'docs', 'rules', `${ruleId}.md`);
}

/**
 * A finding as a diagnostic at its call site: source "memhp", the rule id linked to its page, and as
 * related information the places the finding names (core puts each held lock's place and each call of
 * the chain from the entry there).
 */
export function findingDiagnostic(root: vscode.Uri, extensionUri: vscode.Uri, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeAt(f.location), f.message, SEVERITY[f.severity]);
  d.source = 'memhp';
  d.code = { value: f.ruleId, target: ruleDocs(extensionUri, f.ruleId) };
  d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(location(root, r), r.message));
  return d;
}
