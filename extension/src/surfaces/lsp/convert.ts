// The boundary between core data and LSP types: places, ranges, diagnostics, call-hierarchy items. Core
// positions are 1-based lines and 0-based UTF-16 columns; LSP's are 0-based lines and (by default) UTF-16
// columns too.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  SymbolKind,
  type CallHierarchyItem,
  type Diagnostic,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { FnNode } from '../../core/callgraph/definitions.js';
import type { Finding, Severity } from '../../core/model/finding.js';
import { functionDetail, type CallSite } from '../../core/views/call-hierarchy.js';
import type { ReviewMark } from '../../core/views/review-marks.js';

export const SOURCE = 'memhp';

/** What a call-hierarchy item carries back to the server: the kernel root and the function's graph id. */
export interface ItemData {
  root: string;
  id: string;
}

export function fileUri(root: string, path: string): string {
  return pathToFileURL(join(root, path)).href;
}

export function position(line: number, column: number): Position {
  return { line: Math.max(0, line - 1), character: Math.max(0, column) };
}

/** A range over `length` characters at a core place (an empty range when length is 0). */
export function rangeAt(place: { line: number; column: number }, length = 0): Range {
  const start = position(place.line, place.column);
  return { start, end: { line: start.line, character: start.character + length } };
}

/** The largest LSP column: a client reads it as the end of the line. */
const LINE_END = 2_147_483_647;

/** A whole line (1-based), for marks on patch lines. */
export function lineRange(line: number): Range {
  const start = position(line, 0);
  return { start, end: { line: start.line, character: LINE_END } };
}

export function location(root: string, place: { file: string; line: number; column: number }): Location {
  return { uri: fileUri(root, place.file), range: rangeAt(place) };
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The rule's page beside the bundle (extension/docs/rules/<id>.md), when it is there. */
function ruleDocs(docsDir: string, ruleId: string): string | undefined {
  const page = join(docsDir, `${ruleId}.md`);
  return existsSync(page) ? pathToFileURL(page).href : undefined;
}

/**
 * A finding as a diagnostic at its call site: source "memhp", the rule id as code (linked to its page),
 * and as related information the places the finding names (each held lock's place, each call of the chain).
 */
export function findingDiagnostic(root: string, docsDir: string, f: Finding): Diagnostic {
  const href = ruleDocs(docsDir, f.ruleId);
  return {
    range: rangeAt(f.location),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: location(root, r), message: r.message })),
  };
}

/** A review mark as a diagnostic: on its patch line, or at the finding on a post-image. */
export function markDiagnostic(root: string, docsDir: string, mark: ReviewMark): Diagnostic {
  const base: Diagnostic = mark.finding
    ? findingDiagnostic(root, docsDir, mark.finding)
    : { range: lineRange(mark.line), source: SOURCE, message: mark.message };
  return {
    ...base,
    range: mark.on === 'patch' ? lineRange(mark.line) : base.range,
    severity: SEVERITY[mark.severity],
    message: mark.message,
  };
}

/** The definition of a function: its whole span, with its name selected. */
export function callHierarchyItem(root: string, fn: FnNode, detail?: string): CallHierarchyItem {
  const { span, nameLoc } = fn.fact;
  const data: ItemData = { root, id: fn.id };
  return {
    name: fn.name,
    kind: SymbolKind.Function,
    detail: detail ? `${functionDetail(fn)} · ${detail}` : functionDetail(fn),
    uri: fileUri(root, fn.file),
    range: { start: position(span.start.line, span.start.column), end: position(span.end.line, span.end.column) },
    selectionRange: rangeAt(nameLoc, fn.name.length),
    data,
  };
}

/** Call sites as ranges over the callee name (an empty range at an ops-table slot). */
export function callSiteRanges(sites: readonly CallSite[], calleeName: string): Range[] {
  return sites.map((s) => rangeAt(s, s.kind === 'ops' ? 0 : calleeName.length));
}
