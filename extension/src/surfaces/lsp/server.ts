// The LSP server over the analysis core: indexes each kernel root of the workspace (a folder holding
// mm/memory_hotplug.c), publishes findings on open C documents, answers hover and call hierarchy from the
// latest analysis, and runs patch reviews (workspace/executeCommand memhp.reviewPatch).

import { resolve } from 'node:path';
import {
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import type { HostSettings } from '../../core/analysis/settings.js';
import type { FactsCache } from '../../core/workspace/workspace.js';
import { incoming, itemData, outgoing, prepareCallHierarchy } from './call-hierarchy.js';
import { documentDiagnostics } from './diagnostics.js';
import { DocumentSync } from './document-sync.js';
import { hoverAt } from './hover.js';
import { isKernelRoot, KernelIndex, ROOT_MARKER, uriPath } from './kernel-index.js';
import { containingRoot } from '../node/roots.js';
import { parseReviewArgs, REVIEW_COMMAND, requestFile, runReview } from './review.js';
import { readSettings } from './settings.js';

export interface ServerEnv {
  parser: () => Promise<Parser>;
  /** A fresh facts cache for one load, and how to save it; undefined: no cache. */
  cache: () => { cache: FactsCache; save(): void } | undefined;
  /** Folder of the rule pages (extension/docs/rules) the diagnostics link to. */
  docsDir: string;
  debounceMs?: number;
}

const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

export function startServer(connection: Connection, env: ServerEnv): void {
  const documents = new TextDocuments(TextDocument);
  /** Kernel roots by path, as loaded (a root being loaded maps to its promise only). */
  const loading = new Map<string, Promise<KernelIndex | undefined>>();
  /** Which open() a root's load belongs to: a load overtaken by a close or a reopen is dropped. */
  const owner = new Map<string, symbol>();
  const loaded = new Map<string, KernelIndex>();
  let folders: string[] = [];
  let settings: HostSettings = readSettings(undefined).settings;
  let progressSupported = false;
  let folderEvents = false;
  let reviewed = new Set<string>();

  // A notification, not window/showMessageRequest: nothing for the user to answer.
  const warn = (message: string) =>
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `memhp-review-lsp: ${message}`,
    });
  const log = (message: string) => connection.console.info(message);

  const indexOf = (uri: string): KernelIndex | undefined => {
    const abs = uriPath(uri);
    if (!abs) return undefined;
    const root = containingRoot(abs, loaded.keys());
    return root === undefined ? undefined : loaded.get(root);
  };

  const publish = (index: KernelIndex, doc: TextDocument) => {
    const p = documentDiagnostics(index, doc, env.docsDir);
    if (p) void connection.sendDiagnostics(p);
  };

  const sync = new DocumentSync(
    {
      document: (uri) => documents.get(uri),
      publish,
      refresh: async (index) => {
        try {
          const state = await index.analyse();
          if (!state || loaded.get(index.root) !== index) return;
          for (const note of state.notes) log(note);
          for (const doc of documents.all()) if (index.pathOf(doc.uri)) publish(index, doc);
        } catch (err) {
          connection.console.error(`analysis of ${index.root} failed: ${errorText(err)}`);
        }
      },
    },
    env.debounceMs,
  );

  const load = async (root: string, mine: symbol): Promise<KernelIndex | undefined> => {
    const started = performance.now();
    const progress = progressSupported ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('MM Hotplug Review: indexing', 0, root, false);
    try {
      const cache = env.cache();
      const index = await KernelIndex.load(root, settings, await env.parser(), cache?.cache, (done, total) =>
        progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`),
      );
      try {
        cache?.save();
      } catch (err) {
        log(`facts cache not saved: ${String(err)}`);
      }
      if (owner.get(root) !== mine) return undefined;
      loaded.set(root, index);
      for (const doc of documents.all()) sync.changed(index, doc);
      await sync.now(index);
      for (const note of index.current?.snapshot.notes ?? [])
        log(`${note.path}${note.line ? `:${note.line}` : ''}: ${note.message}`);
      log(
        `indexed ${index.fileCount} files of ${root} in ${Math.round(performance.now() - started)} ms; ` +
          `${index.current?.findings.length ?? 0} findings`,
      );
      return index;
    } catch (err) {
      connection.console.error(`indexing ${root} failed: ${errorText(err)}`);
      warn(`indexing ${root} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      progress?.done();
    }
  };

  const open = (root: string) => {
    if (!isKernelRoot(root)) {
      warn(`${root} has no ${ROOT_MARKER}: not a kernel tree, so nothing is checked there`);
      return;
    }
    const mine = Symbol(root);
    owner.set(root, mine);
    loading.set(root, load(root, mine));
  };

  const close = (root: string) => {
    const index = loaded.get(root);
    loading.delete(root);
    owner.delete(root);
    loaded.delete(root);
    if (!index) return;
    sync.forget(index);
    for (const doc of documents.all())
      if (index.pathOf(doc.uri)) void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
  };

  const reopenAll = () => {
    const roots = [...loading.keys()];
    for (const root of roots) close(root);
    for (const root of roots) open(root);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    progressSupported = params.capabilities.window?.workDoneProgress === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    const read = readSettings(params.initializationOptions);
    settings = read.settings;
    for (const p of read.problems) warn(p);
    const given: WorkspaceFolder[] =
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    folders = given.map((f) => uriPath(f.uri)).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootPath) folders = [params.rootPath];
    folders = folders.map((f) => resolve(f));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        callHierarchyProvider: true,
        executeCommandProvider: { commands: [REVIEW_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'memhp-review-lsp' },
    };
  });

  connection.onInitialized(() => {
    if (folders.length === 0) warn('no workspace folder or root URI given: nothing to check');
    for (const root of folders) open(root);
    if (!folderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const f of event.removed) {
        const p = uriPath(f.uri);
        if (p) close(resolve(p));
      }
      for (const f of event.added) {
        const p = uriPath(f.uri);
        if (p && !loading.has(resolve(p))) open(resolve(p));
      }
    });
  });

  connection.onDidChangeConfiguration((params) => {
    const section = (params.settings as { memhp?: unknown } | null | undefined)?.memhp;
    if (section === undefined) return;
    const read = readSettings(section);
    for (const p of read.problems) warn(p);
    if (JSON.stringify(read.settings) === JSON.stringify(settings)) return;
    settings = read.settings;
    reopenAll();
  });

  documents.onDidChangeContent(({ document }) => {
    const index = indexOf(document.uri);
    if (index) sync.changed(index, document);
  });
  documents.onDidClose(({ document }) => {
    const index = indexOf(document.uri);
    if (!index?.pathOf(document.uri)) return;
    sync.closed(index, document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const index = indexOf(textDocument.uri);
    return doc && index ? hoverAt(index, doc, position) : null;
  });

  connection.languages.callHierarchy.onPrepare(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const index = indexOf(textDocument.uri);
    return doc && index ? prepareCallHierarchy(index, doc, position) : null;
  });
  const indexOfItem = (data: ReturnType<typeof itemData>) => (data ? loaded.get(data.root) : undefined);
  connection.languages.callHierarchy.onIncomingCalls(({ item }) => {
    const index = indexOfItem(itemData(item));
    return index ? incoming(index, item) : [];
  });
  connection.languages.callHierarchy.onOutgoingCalls(({ item }) => {
    const index = indexOfItem(itemData(item));
    return index ? outgoing(index, item) : [];
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== REVIEW_COMMAND) return null;
    const req = parseReviewArgs(args);
    const index = await reviewRoot(req.root, requestFile(req, undefined));
    sync.flush(index);
    const answer = await runReview(index, req, (uri) => documents.get(uri)?.getText(), reviewed, env.docsDir);
    reviewed = new Set([...answer.diagnostics].filter(([, d]) => d.length > 0).map(([u]) => u));
    for (const [uri, diagnostics] of answer.diagnostics) void connection.sendDiagnostics({ uri, diagnostics });
    return answer.text;
  });

  /** The root a review runs against, once it is loaded. */
  const reviewRoot = async (asked: string | undefined, patchFile: string | undefined): Promise<KernelIndex> => {
    const roots = [...loading.keys()];
    const askedPath =
      asked === undefined ? undefined : resolve((asked.startsWith('file:') ? uriPath(asked) : asked) ?? asked);
    const root =
      askedPath ??
      roots.filter((r) => patchFile?.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0] ??
      roots[0];
    const pending = root === undefined ? undefined : loading.get(root);
    if (!pending)
      throw new Error(
        root === undefined
          ? `${REVIEW_COMMAND}: no kernel root is open (a workspace folder holding ${ROOT_MARKER})`
          : `${REVIEW_COMMAND}: ${root} is not an open kernel root`,
      );
    const index = await pending;
    if (!index) throw new Error(`${REVIEW_COMMAND}: ${root} could not be indexed`);
    return index;
  };

  connection.onShutdown(() => sync.dispose());
  documents.listen(connection);
  connection.listen();
}
