// Feature: feeds edited C buffers of the indexed scope into the index (debounced) and re-analyses; on
// save and on close the text on disk is what counts again. Overtaken analyses are dropped by Analysis.

import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { Ctx } from './ctx.js';

const DEBOUNCE_MS = 300;

export function register(ctx: Ctx): void {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Map<string, vscode.TextDocument>();

  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    for (const [path, doc] of pending)
      ctx.analysis.applyText(path, doc.getText(), doc.isDirty ? doc.version : undefined);
    pending.clear();
    void ctx.analysis.analyse(ctx.analysis.current?.complete ?? false);
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const path = ctx.analysis.pathOf(doc.uri);
    if (!path || !ctx.analysis.current) return;
    pending.set(path, doc);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delay);
  };

  ctx.subscribe(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) schedule(event.document, DEBOUNCE_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => schedule(doc, 0)),
    vscode.workspace.onDidCloseTextDocument(async (doc) => {
      const path = ctx.analysis.pathOf(doc.uri);
      if (!path || !ctx.analysis.fromBuffer(path)) return;
      // A closed buffer with unsaved edits no longer counts: back to the file on disk.
      const text = await readFile(doc.uri.fsPath, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      ctx.analysis.applyText(path, text, undefined);
      void ctx.analysis.analyse(ctx.analysis.current?.complete ?? false);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
