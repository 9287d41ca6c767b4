// Holds the index of the open kernel tree and the analysis over it (call graph, traced paths), and
// publishes each finished analysis as one immutable state; a result overtaken by a newer change is dropped.

import * as vscode from 'vscode';
import type { Workspace, Snapshot } from '../../core/workspace/workspace.js';
import { buildCallGraph, type CallGraph } from '../../core/callgraph/graph.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { tracePaths, type TraceResult } from '../../core/paths/trace.js';
import type { Settings } from './config.js';

export interface IndexProgress {
  done: number;
  total: number;
  /** Indexing stopped before the whole scope was read (cancelled or failed). */
  stopped?: boolean;
}

export interface AnalysisState {
  generation: number;
  root: vscode.Uri;
  snapshot: Snapshot;
  graph: CallGraph;
  trace: TraceResult;
  /** Editor buffer versions (by tree-relative path) this state was computed from. */
  versions: ReadonlyMap<string, number>;
  /** True once the whole scope is indexed; findings are shown only then. */
  complete: boolean;
  progress: IndexProgress;
}

interface Tree {
  root: vscode.Uri;
  workspace: Workspace;
  scope: ReadonlySet<string>;
}

export class Analysis implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AnalysisState>();
  readonly onDidChange = this.changed.event;
  private tree: Tree | undefined;
  private generation = 0;
  private readonly versions = new Map<string, number>();
  private progress: IndexProgress = { done: 0, total: 0 };
  current: AnalysisState | undefined;

  constructor(private settings: () => Settings) {}

  /** Starts over on a new index (Re-index, a settings change): older results are dropped from now on. */
  reset(root: vscode.Uri, workspace: Workspace, scope: ReadonlySet<string>): void {
    this.tree = { root, workspace, scope };
    this.versions.clear();
    this.generation++;
  }

  get root(): vscode.Uri | undefined {
    return this.tree?.root;
  }

  setProgress(progress: IndexProgress): void {
    this.progress = progress;
  }

  /** Tree-relative path of a document inside the indexed scope, or undefined. */
  pathOf(uri: vscode.Uri): string | undefined {
    if (!this.tree || uri.scheme !== this.tree.root.scheme) return undefined;
    const base = this.tree.root.path.endsWith('/') ? this.tree.root.path : `${this.tree.root.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    const rel = uri.path.slice(base.length);
    return this.tree.scope.has(rel) ? rel : undefined;
  }

  uriOf(path: string): vscode.Uri | undefined {
    return this.tree ? vscode.Uri.joinPath(this.tree.root, path) : undefined;
  }

  /** Feeds an editor buffer (or the file on disk again, with version undefined) into the index. */
  applyText(path: string, text: string, version: number | undefined): void {
    if (!this.tree) return;
    this.tree.workspace.applyChange(path, new TextEncoder().encode(text));
    if (version === undefined) this.versions.delete(path);
    else this.versions.set(path, version);
  }

  /** True when the index holds an editor buffer's text for this path rather than the file on disk. */
  fromBuffer(path: string): boolean {
    return this.versions.has(path);
  }

  /** Rebuilds graph and paths from the index as it is now and publishes them, unless overtaken. */
  async analyse(complete: boolean): Promise<AnalysisState | undefined> {
    if (!this.tree) return undefined;
    const generation = ++this.generation;
    const { root, workspace } = this.tree;
    const versions = new Map(this.versions);
    const settings = this.settings();
    const snapshot = workspace.snapshot();
    const graph = buildCallGraph(snapshot, defaultConfig(settings.arch));
    await new Promise((resolve) => setImmediate(resolve));
    if (generation !== this.generation) return undefined;
    const trace = this.trace(graph, settings.targets);
    const state: AnalysisState = { generation, root, snapshot, graph, trace, versions, complete, progress: this.progress };
    this.current = state;
    this.changed.fire(state);
    return state;
  }

  /** Paths from the configured entries to `targets` over a graph (the current one by default). */
  trace(graph: CallGraph, targets: readonly string[]): TraceResult {
    const s = this.settings();
    return tracePaths(graph, { from: s.entries, to: targets, maxDepth: s.maxDepth, maxPaths: s.maxPaths });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
