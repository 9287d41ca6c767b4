// Feature: background indexing of the workspace folder's hotplug scope, with a cancellable progress
// notification; re-runs on Re-index and on index settings changes. Analysis runs after the priority files.

import * as vscode from 'vscode';
import { Workspace } from '../../core/workspace/workspace.js';
import { createCParser } from '../../core/syntax/parser.js';
import { DiskFactsCache } from '../node/cache.js';
import { affectsAnalysis, affectsIndex } from './config.js';
import type { Ctx } from './ctx.js';
import { indexTree, listScope } from './indexer.js';

const REMEMBERED_KEY = 'memhp.tracedFiles';

export interface Indexing {
  reindex(): Promise<void>;
}

export function register(ctx: Ctx): Indexing {
  let running: vscode.CancellationTokenSource | undefined;
  let run: Promise<void> = Promise.resolve();

  const loadParser = async () => {
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist');
    const [runtime, c] = await Promise.all([
      vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, 'tree-sitter.wasm')),
      vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, 'tree-sitter-c.wasm')),
    ]);
    return createCParser({ runtime, c });
  };
  const parser = loadParser();

  const index = async (
    folder: vscode.WorkspaceFolder,
    token: vscode.CancellationToken,
    report: (message: string, increment?: number) => void,
  ) => {
    const settings = ctx.settings();
    const started = performance.now();
    const cache = new DiskFactsCache(ctx.extension.globalStorageUri.fsPath);
    const cParser = await parser;
    const workspace = new Workspace(cParser, cache, true);
    const files = listScope(folder.uri.fsPath, settings.include, settings.exclude);
    ctx.analysis.reset(folder.uri, workspace, new Set(files));
    ctx.log.info(`indexing ${files.length} files under ${folder.uri.fsPath}`);
    let last = 0;
    const outcome = await indexTree(
      workspace,
      {
        root: folder.uri.fsPath,
        include: settings.include,
        exclude: settings.exclude,
        focusNames: [...settings.entries, ...settings.targets],
        remembered: ctx.extension.workspaceState.get<string[]>(REMEMBERED_KEY, []),
        token,
        onProgress: (done, total) => {
          ctx.analysis.setProgress({ done, total });
          report(`${done}/${total} files`, total ? ((done - last) / total) * 100 : 0);
          last = done;
        },
        onPriorityDone: async () => {
          await ctx.analysis.analyse(false);
        },
      },
      files,
    );
    ctx.analysis.setProgress({ done: outcome.done, total: files.length, stopped: outcome.cancelled });
    try {
      cache.save();
    } catch (err) {
      ctx.log.warn(`facts cache not saved: ${String(err)}`);
    }
    const state = await ctx.analysis.analyse(!outcome.cancelled);
    for (const note of state?.snapshot.notes ?? [])
      ctx.log.info(`${note.path}${note.line ? `:${note.line}` : ''}: ${note.message}`);
    for (const note of ctx.analysis.checkNotes) ctx.log.info(note);
    if (state) {
      const traced = new Set(
        state.trace.paths.flatMap((p) => p.steps.map((s) => state.graph.functions.get(s.fn)?.file ?? '')),
      );
      traced.delete('');
      await ctx.extension.workspaceState.update(REMEMBERED_KEY, [...traced].sort());
      await ctx.setContext('memhp.indexed', state.complete);
    }
    ctx.log.info(
      `indexed ${outcome.done}/${files.length} files in ${Math.round(performance.now() - started)} ms${outcome.cancelled ? ' (cancelled)' : ''}; ${state?.trace.paths.length ?? 0} paths, ${state?.findings.length ?? 0} findings`,
    );
  };

  const reindex = async () => {
    running?.cancel();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return;
    const source = new vscode.CancellationTokenSource();
    running = source;
    const previous = run;
    run = (async () => {
      await previous.catch(() => undefined);
      if (source.token.isCancellationRequested) return;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'MM Hotplug Review: indexing', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          await index(folder, source.token, (message, increment) => progress.report({ message, increment }));
        },
      );
    })().catch((err: unknown) => {
      ctx.log.error(`indexing failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void vscode.window.showErrorMessage(
        `MM Hotplug Review: indexing failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    await run;
  };

  ctx.subscribe(
    { dispose: () => running?.cancel() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsIndex(event)) void reindex();
      else if (affectsAnalysis(event)) void ctx.analysis.analyse(ctx.analysis.current?.complete ?? false);
    }),
  );
  void reindex();
  return { reindex };
}
