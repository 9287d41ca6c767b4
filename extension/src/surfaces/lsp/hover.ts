// Simulate-on-hover over LSP: the same view model and escaped markdown as the editor's hover (chains
// reaching the call, locks held and where taken, the zone model before -> after, the findings there).

import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverModel, renderHoverMarkdown } from '../../core/views/hover.js';
import type { KernelIndex } from './kernel-index.js';

/** The C identifier under `pos`, with its range. */
export function wordAt(doc: TextDocument, pos: Position): { word: string; start: number; end: number } | undefined {
  const line = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(line); m; m = re.exec(line))
    if (m.index <= pos.character && pos.character <= m.index + m[0].length)
      return { word: m[0], start: m.index, end: m.index + m[0].length };
  return undefined;
}

export function hoverAt(index: KernelIndex, doc: TextDocument, pos: Position): Hover | null {
  const state = index.current;
  const path = index.pathOf(doc.uri);
  const word = wordAt(doc, pos);
  if (!state || !path || !word || state.snapshot.text(path) !== doc.getText()) return null;
  const model = hoverModel(state.simulation, state.findings, state.scenario, path, pos.line + 1, word.word);
  if (!model) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: renderHoverMarkdown(model) },
    range: { start: { line: pos.line, character: word.start }, end: { line: pos.line, character: word.end } },
  };
}
