// Feature: background indexing of each kernel root's hotplug scope (every workspace folder holding
// mm/memory_hotplug.c gets its own index), one root after another, each with a cancellable progress
// notification; re-runs on Re-index, on index settings changes and when folders are added. Analysis runs
// after the priority files.

import * as vscode from 'vscode';
import { Workspace } from '../../core/workspace/workspace.js';
import { createCParser } from '../../core/syntax/parser.js';
import { DiskFactsCache } from '../node/cache.js';
import { isKernelRoot, ROOT_MARKER } from '../node/roots.js';
import type { Analysis } from './analysis.js';
import { affectsAnalysis, affectsIndex } from './config.js';
import type { Ctx } from './ctx.js';
import { indexTree, listScope, type IndexRun } from './indexer.js';
import { defaultJobs, parseInWorkers, workerScript } from '../node/parse-pool.js';
import { analysisWorkerScript, LocalBackend, WorkerBackend, type AnalysisBackend } from '../node/analysis-client.js';
import type { Parser } from 'web-tree-sitter';

const REMEMBERED_KEY = 'memhp.tracedFiles';

export interface Indexing {
  reindex(): Promise<void>;
}

const kernelFolders = () =>
  (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && isKernelRoot(f.uri.fsPath));

export function register(ctx: Ctx): Indexing {
  const running = new Map<string, vscode.CancellationTokenSource>();
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
  const anyComplete = () =>
    ctx.setContext(
      'memhp.indexed',
      ctx.roots.all().some((a) => a.current?.complete),
    );

  /** The analysis in its worker thread (dist/analysis-worker.js), else on this thread. */
  const analysisBackend = (cParser: Parser, cacheDir: string): AnalysisBackend => {
    const script = analysisWorkerScript(__dirname);
    if (!script) return new LocalBackend(cParser, new DiskFactsCache(cacheDir));
    return new WorkerBackend(script, cacheDir, (message) => ctx.log.error(`analysis worker: ${message}`));
  };

  /** The front end in worker threads (dist/parse-worker.js, the same wasm parser), when the bundle has it. */
  const frontEndIn = (cache: DiskFactsCache): Pick<IndexRun, 'frontEnd'> => {
    const script = workerScript(__dirname);
    if (!script) return {};
    return {
      frontEnd: async (wanted, onParsed) => {
        const parsed = await parseInWorkers(script, defaultJobs(), wanted, onParsed);
        parsed.forEach((p, i) => {
          if (p.serialized) cache.offer(wanted[i]!.hash, p.serialized);
        });
        return parsed.map((p) => ({ result: p.result, ...(p.serialized ? { facts: p.serialized } : {}) }));
      },
    };
  };

  const index = async (
    analysis: Analysis,
    token: vscode.CancellationToken,
    report: (message: string, increment?: number) => void,
  ) => {
    const started = performance.now();
    const leave = ctx.perf.blocks.enter('indexing', 'start');
    try {
      await indexRoot(analysis, token, report, started);
    } finally {
      leave();
    }
  };

  const indexRoot = async (
    analysis: Analysis,
    token: vscode.CancellationToken,
    report: (message: string, increment?: number) => void,
    started: number,
  ) => {
    const settings = analysis.settings();
    const rootPath = analysis.root.fsPath;
    const remembered = `${REMEMBERED_KEY}:${rootPath}`;
    const cacheDir = ctx.extension.globalStorageUri.fsPath;
    const cache = new DiskFactsCache(cacheDir);
    const cParser = await parser;
    const workspace = new Workspace(cParser, cache, true);
    const files = await listScope(rootPath, settings.include, settings.exclude);
    ctx.perf.blocks.step('scope listed');
    analysis.reset(workspace, new Set(files), () => analysisBackend(cParser, cacheDir));
    const target = analysis.indexTarget()!;
    ctx.log.info(`indexing ${files.length} files under ${rootPath}; the analysis runs in ${analysis.runsIn}`);
    let last = 0;
    const outcome = await indexTree(
      target,
      {
        root: rootPath,
        include: settings.include,
        exclude: settings.exclude,
        focusNames: [...settings.entries, ...settings.targets],
        remembered: ctx.extension.workspaceState.get<string[]>(remembered, []),
        token,
        onProgress: (done, total) => {
          analysis.setProgress({ done, total });
          report(`${done}/${total} files`, total ? ((done - last) / total) * 100 : 0);
          last = done;
        },
        step: (done) => ctx.perf.blocks.step(done),
        ...frontEndIn(cache),
        onPriorityDone: async () => {
          await analysis.analyse(false);
        },
      },
      files,
    );
    analysis.setProgress({ done: outcome.done, total: files.length, stopped: outcome.cancelled });
    const indexedMs = performance.now() - started;
    const state = await analysis.analyse(!outcome.cancelled);
    const analysedMs = performance.now() - started - indexedMs;
    // After the analysis, so the findings are not held up by serialising the cache (seconds on a whole tree).
    const saving = performance.now();
    try {
      await cache.saveAsync();
    } catch (err) {
      ctx.log.warn(`facts cache not saved: ${String(err)}`);
    }
    const savedMs = performance.now() - saving;
    ctx.perf.blocks.step('facts cache saved');
    for (const note of state?.notes ?? [])
      ctx.log.info(`${note.path}${note.line ? `:${note.line}` : ''}: ${note.message}`);
    for (const note of analysis.checkNotes) ctx.log.info(note);
    if (state) {
      await ctx.extension.workspaceState.update(remembered, [...state.tracedFiles]);
      await anyComplete();
    }
    ctx.log.info(
      `indexed ${outcome.done}/${files.length} files of ${rootPath} in ${Math.round(performance.now() - started)} ms${outcome.cancelled ? ' (cancelled)' : ''}; ${state?.trace.paths.length ?? 0} paths, ${state?.findings.length ?? 0} findings ` +
        `(files read and parsed ${Math.round(indexedMs)} ms, analysis ${Math.round(analysedMs)} ms, facts cache saved ${Math.round(savedMs)} ms)`,
    );
  };

  /** Queues a fresh index of these folders (cancelling their runs in progress). */
  const reindexFolders = async (folders: readonly vscode.WorkspaceFolder[]) => {
    const queued = folders.map((folder) => {
      running.get(folder.uri.fsPath)?.cancel();
      const source = new vscode.CancellationTokenSource();
      running.set(folder.uri.fsPath, source);
      return { folder, source, analysis: ctx.roots.add(folder) };
    });
    const previous = run;
    run = (async () => {
      await previous.catch(() => undefined);
      for (const { folder, source, analysis } of queued) {
        if (source.token.isCancellationRequested) continue;
        await vscode.window
          .withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `MM Hotplug Review: indexing ${folder.name}`,
              cancellable: true,
            },
            async (progress, token) => {
              token.onCancellationRequested(() => source.cancel());
              await index(analysis, source.token, (message, increment) => progress.report({ message, increment }));
            },
          )
          .then(undefined, (err: unknown) => {
            ctx.log.error(
              `indexing ${folder.uri.fsPath} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
            );
            void vscode.window.showErrorMessage(
              `MM Hotplug Review: indexing ${folder.name} failed: ${err instanceof Error ? err.message : String(err)}`,
            );
          });
      }
    })();
    await run;
  };

  const reindex = async () => {
    const folders = kernelFolders();
    if (folders.length === 0) ctx.log.info(`no workspace folder holds ${ROOT_MARKER}: no kernel tree to index`);
    await reindexFolders(folders);
  };

  ctx.subscribe(
    { dispose: () => running.forEach((source) => source.cancel()) },
    vscode.workspace.onDidChangeConfiguration((event) => {
      const stale = kernelFolders().filter((f) => affectsIndex(event, f.uri));
      if (stale.length > 0) void reindexFolders(stale);
      for (const analysis of ctx.roots.all())
        if (!stale.some((f) => f.uri.fsPath === analysis.root.fsPath) && affectsAnalysis(event, analysis.root))
          void analysis.analyse(analysis.current?.complete ?? false);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) {
        running.get(folder.uri.fsPath)?.cancel();
        running.delete(folder.uri.fsPath);
        ctx.roots.remove(folder.uri);
      }
      void anyComplete();
      const added = event.added.filter((f) => f.uri.scheme === 'file' && isKernelRoot(f.uri.fsPath));
      if (added.length > 0) void reindexFolders(added);
    }),
  );
  void reindex();
  return { reindex };
}
