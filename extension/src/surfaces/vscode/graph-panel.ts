// Feature: the call-graph webview panel host. One panel; data goes to it only as typed messages after
// its ready handshake; a serializer restores it after a window reload. Exports DOT and SVG.

import * as vscode from 'vscode';
import { filterGraphView, type GraphViewModel } from '../../core/views/call-graph.js';
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

export function register(ctx: Ctx): GraphPanel {
  let panel: vscode.WebviewPanel | undefined;
  let ready = false;
  let focus: string | undefined;
  let review: { before: GraphViewModel; after: GraphViewModel; title: string } | undefined;

  /** The root whose graph the panel shows: the active one. */
  const shown = () => ctx.roots.active();
  /** Views asked of the analysis so far: only the latest one asked is posted. */
  let asked = 0;
  const currentView = async (): Promise<PanelView | undefined> => {
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
    const graph = await analysis.graphView(focus);
    if (!graph) return undefined;
    const title = focus ? `Paths to ${focus}()` : 'Traced hotplug paths';
    const view: PanelView = { title, graph, status: statusText(state).summary };
    if (focus) view.focus = focus;
    return view;
  };
  const post = async () => {
    const turn = ++asked;
    try {
      const view = panel && ready ? await currentView() : undefined;
      if (panel && view && turn === asked)
        void panel.webview.postMessage({ type: 'show', view } satisfies HostToWebview);
    } catch (err) {
      ctx.log.error(`call graph: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const sideModel = async (side: 'before' | 'after'): Promise<GraphViewModel | undefined> => {
    const view = await currentView();
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
      return post();
    },
    reveal: async (m) => {
      const analysis = shown();
      const state = analysis?.current;
      if (!state || typeof m.file !== 'string' || !analysis!.inScope(m.file)) return;
      const uri = vscode.Uri.joinPath(state.root, m.file);
      await vscode.window.showTextDocument(uri, {
        selection: rangeAt({ line: Number(m.line) || 1, column: Number(m.column) || 0 }),
        viewColumn: vscode.ViewColumn.One,
      });
    },
    clearFocus: () => {
      focus = undefined;
      review = undefined;
      return post();
    },
    exportDot: async (m) => {
      const model = await sideModel(m.side === 'before' ? 'before' : 'after');
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
    void post();
  };

  ctx.subscribe(
    vscode.window.registerWebviewPanelSerializer(GRAPH_PANEL_TYPE, {
      deserializeWebviewPanel: async (p: vscode.WebviewPanel, state: PanelState | undefined) => {
        if (typeof state?.focus === 'string') focus = state.focus;
        attach(p);
      },
    }),
    ctx.roots.onDidChange((state) => {
      if (state.root.fsPath === shown()?.root.fsPath) void post();
    }),
    ctx.roots.onDidChangeActive(() => void post()),
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
      const graph = state && path && word ? analysis.graph() : undefined;
      const fn = graph
        ? functionAt(graph, path!, editor!.selection.active.line + 1, editor!.document.getText(word!))
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
