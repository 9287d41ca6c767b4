// Feature: feeds edited C buffers of an indexed scope into their root's index (debounced) and re-analyses
// that root; on save and on close the text on disk is what counts again. Overtaken analyses are dropped by
// Analysis.

import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { Analysis } from './analysis.js';
import type { Ctx } from './ctx.js';

/** Quiet time after the last keystroke before re-analysing: shorter than a typist's pause between words. */
const DEBOUNCE_MS = 150;

export function register(ctx: Ctx): void {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Map<string, { analysis: Analysis; path: string; doc: vscode.TextDocument }>();

  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const touched = new Set<Analysis>();
    const docs = [...pending.values()];
    for (const { analysis, path, doc } of docs) {
      analysis.applyText(path, doc.getText(), doc.isDirty ? doc.version : undefined);
      touched.add(analysis);
    }
    pending.clear();
    for (const analysis of touched) void analysis.analyse(analysis.current?.complete ?? false);
    // The analyses above took their generation numbers synchronously: a state of that generation has this text.
    ctx.perf.analysing(
      docs.map(({ analysis, doc }) => ({ uri: doc.uri, version: doc.version, generation: analysis.latestGeneration })),
    );
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const analysis = ctx.roots.forUri(doc.uri);
    const path = analysis?.pathOf(doc.uri);
    if (!analysis || !path || !analysis.current) return;
    pending.set(doc.uri.toString(), { analysis, path, doc });
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delay);
  };

  ctx.subscribe(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      const path = ctx.roots.forUri(event.document.uri)?.pathOf(event.document.uri);
      if (path) ctx.perf.edited(event.document.uri, path, event.document.version);
      schedule(event.document, DEBOUNCE_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => schedule(doc, 0)),
    vscode.workspace.onDidCloseTextDocument(async (doc) => {
      const analysis = ctx.roots.forUri(doc.uri);
      const path = analysis?.pathOf(doc.uri);
      if (!analysis || !path || !analysis.fromBuffer(path)) return;
      // A closed buffer with unsaved edits no longer counts: back to the file on disk.
      const text = await readFile(doc.uri.fsPath, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      analysis.applyText(path, text, undefined);
      void analysis.analyse(analysis.current?.complete ?? false);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
