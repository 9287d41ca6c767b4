// Findings of a kernel root as diagnostics on its open C documents, one per site (chains from several
// entries merged). A document whose text is not the one analysed gets nothing until the next analysis.

import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../core/model/finding.js';
import { mergeFindingsBySite } from '../../core/views/merge-findings.js';
import { findingDiagnostic } from './convert.js';
import type { IndexState, KernelIndex } from './kernel-index.js';

export interface Published {
  uri: string;
  version: number;
  diagnostics: Diagnostic[];
}

const byFile = new WeakMap<IndexState, Map<string, Finding[]>>();

function findingsOf(state: IndexState, path: string): Finding[] {
  let files = byFile.get(state);
  if (!files) {
    files = new Map();
    for (const f of mergeFindingsBySite(state.findings))
      files.set(f.location.file, [...(files.get(f.location.file) ?? []), f]);
    byFile.set(state, files);
  }
  return files.get(path) ?? [];
}

/** The diagnostics of one open document, or undefined when the index has not analysed its current text. */
export function documentDiagnostics(index: KernelIndex, doc: TextDocument, docsDir: string): Published | undefined {
  const state = index.current;
  const path = index.pathOf(doc.uri);
  if (!state || !path || state.snapshot.text(path) !== doc.getText()) return undefined;
  return {
    uri: doc.uri,
    version: doc.version,
    diagnostics: findingsOf(state, path).map((f) => findingDiagnostic(index.root, docsDir, f)),
  };
}
