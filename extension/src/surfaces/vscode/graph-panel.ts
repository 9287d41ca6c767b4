// Feature: the call-graph webview panel host. One panel; data goes to it only as typed messages after
// its ready handshake; a serializer restores it after a window reload. Exports DOT and SVG.

import * as vscode from 'vscode';
import { buildGraphView, filterGraphView, type GraphViewModel, type LocksAtCall } from '../../core/views/call-graph.js';
import type { SimulationIndex } from '../../core/views/hover.js';
import { graphViewDot } from '../../core/views/graph-dot.js';
import { applyLens, lensFrom } from '../../core/views/graph-lens.js';
import { functionAt } from '../../core/views/call-hierarchy.js';
import type { Handlers, HostToWebview, PanelState, PanelView, WebviewToHost } from '../../core/views/panel-protocol.js';
import type { Ctx } from './ctx.js';
import { rangeAt } from './convert.js';
import { panelHtml, panelResourceRoots } from './graph-html.js';
import { statusText } from './status-bar.js';
import { GRAPH_PANEL_TYPE } from './ids.js';

export interface GraphPanel {
  show(): void;
  traceToHere(): void;
  /** Shows a patch review: the after graph with new paths marked, and a toggle to the before graph. */
  showReview(before: GraphViewModel, after: GraphViewModel, title: string): void;
}

/** Locks held across a call, as the check's replay saw them. */
export function locksFrom(simulation: SimulationIndex): LocksAtCall {
  return (file, line, callee) => {
    const records = simulation.atSite(file, line, callee);
    return records.length ? records.flatMap((r) => r.locks.map((l) => l.lock)) : undefined;
  };
}

export function register(ctx: Ctx): GraphPanel {
  let panel: vscode.WebviewPanel | undefined;
  let ready = false;
  let focus: string | undefined;
  let review: { before: GraphViewModel; after: GraphViewModel; title: string } | undefined;

  /** The root whose graph the panel shows: the active one. */
  const shown = () => ctx.roots.active();
  const currentView = (): PanelView | undefined => {
    const analysis = shown();
    const state = analysis?.current;
    if (review)
      return {
        title: review.title,
        graph: review.after,
        before: review.before,
        status: 'Patch under review: new paths and functions are marked green, removed ones red (Before).',
      };
    if (!analysis || !state) return undefined;
    const trace = focus ? analysis.trace(state.graph, [focus]) : state.trace;
    const graph = buildGraphView(state.graph, trace, state.findings, locksFrom(state.simulation));
    const title = focus ? `Paths to ${focus}()` : 'Traced hotplug paths';
    const view: PanelView = { title, graph, status: statusText(state).summary };
    if (focus) view.focus = focus;
    return view;
  };
  const post = () => {
    const view = panel && ready ? currentView() : undefined;
    if (panel && view) void panel.webview.postMessage({ type: 'show', view } satisfies HostToWebview);
  };
  const sideModel = (side: 'before' | 'after'): GraphViewModel | undefined => {
    const view = currentView();
    return side === 'before' ? view?.before : view?.graph;
  };
  const save = async (name: string, filters: Record<string, string[]>, text: string) => {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(shown()?.root ?? ctx.extension.globalStorageUri, name),
      filters,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Call graph written to ${target.fsPath}`);
  };

  const handlers: Handlers<WebviewToHost> = {
    ready: (m) => {
      ready = true;
      if (typeof m.focus === 'string') focus = m.focus;
      post();
    },
    reveal: async (m) => {
      const state = shown()?.current;
      if (!state || typeof m.file !== 'string' || !state.snapshot.files.has(m.file)) return;
      const uri = vscode.Uri.joinPath(state.root, m.file);
      await vscode.window.showTextDocument(uri, {
        selection: rangeAt({ line: Number(m.line) || 1, column: Number(m.column) || 0 }),
        viewColumn: vscode.ViewColumn.One,
      });
    },
    clearFocus: () => {
      focus = undefined;
      review = undefined;
      post();
    },
    exportDot: async (m) => {
      const model = sideModel(m.side === 'before' ? 'before' : 'after');
      if (model)
        await save(
          'hotplug-call-graph.dot',
          { Graphviz: ['dot', 'gv'] },
          graphViewDot(applyLens(filterGraphView(model, m.filter ?? {}), lensFrom(m.lens)).model),
        );
    },
    exportSvg: async (m) => {
      if (typeof m.svg === 'string' && m.svg.startsWith('<svg'))
        await save('hotplug-call-graph.svg', { SVG: ['svg'] }, m.svg);
    },
  };

  const attach = (p: vscode.WebviewPanel) => {
    panel = p;
    ready = false;
    p.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(ctx.extension.extensionUri) };
    p.webview.html = panelHtml(p.webview, ctx.extension.extensionUri);
    p.webview.onDidReceiveMessage((m: WebviewToHost) => {
      const handler = handlers[m?.type] as ((message: WebviewToHost) => unknown) | undefined;
      if (handler) void Promise.resolve(handler(m)).catch((err: unknown) => ctx.log.error(`panel: ${String(err)}`));
    });
    p.onDidDispose(() => {
      if (panel === p) panel = undefined;
    });
  };

  const show = () => {
    if (panel) panel.reveal();
    else attach(vscode.window.createWebviewPanel(GRAPH_PANEL_TYPE, 'Hotplug Call Graph', vscode.ViewColumn.Beside, {}));
    post();
  };

  ctx.subscribe(
    vscode.window.registerWebviewPanelSerializer(GRAPH_PANEL_TYPE, {
      deserializeWebviewPanel: async (p: vscode.WebviewPanel, state: PanelState | undefined) => {
        if (typeof state?.focus === 'string') focus = state.focus;
        attach(p);
      },
    }),
    ctx.roots.onDidChange((state) => {
      if (state.root.fsPath === shown()?.root.fsPath) post();
    }),
    ctx.roots.onDidChangeActive(() => post()),
    { dispose: () => panel?.dispose() },
  );

  return {
    show,
    traceToHere: () => {
      const editor = vscode.window.activeTextEditor;
      const analysis = editor && ctx.roots.forUri(editor.document.uri);
      const state = analysis?.current;
      const path = editor && analysis?.pathOf(editor.document.uri);
      const word = editor?.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z_][A-Za-z0-9_]*/);
      const fn =
        state && path && word
          ? functionAt(state.graph, path, editor!.selection.active.line + 1, editor!.document.getText(word))
          : undefined;
      if (!fn) {
        void vscode.window.showInformationMessage('Place the cursor on a function name in an indexed C file.');
        return;
      }
      focus = fn.name;
      review = undefined;
      show();
    },
    showReview: (before, after, title) => {
      review = { before, after, title };
      focus = undefined;
      show();
    },
  };
}
