// Holds the index of one kernel root (a workspace folder) and the analysis over it (call graph, traced paths),
// and publishes each finished analysis as one immutable state; a result overtaken by a newer change is dropped.

import * as vscode from 'vscode';
import type { Workspace, Snapshot } from '../../core/workspace/workspace.js';
import { analyzeInSlices, resolveScenario } from '../../core/analysis/analyze.js';
import { analyzeOptions } from '../../core/analysis/settings.js';
import { LiveGraph } from '../../core/analysis/live-graph.js';
import { BodyCache } from '../../core/sim/bodies.js';
import { SimulationIndex } from '../../core/views/hover.js';
import type { CallGraph } from '../../core/callgraph/graph.js';
import { tracePaths, type TraceResult } from '../../core/paths/trace.js';
import type { Settings } from './config.js';
import type { Finding } from '../../core/model/finding.js';
import type { Scenario } from '../../core/model/scenario.js';
import type { BlockMonitor } from '../node/block-monitor.js';
import { ReplayCache, type ReuseReport } from '../../core/analysis/reuse.js';

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
  /** Findings of the whole tree under the configured scenario; empty until the index is complete. */
  findings: Finding[];
  /** What the simulator saw at each call site during the check (for hovers); empty until complete. */
  simulation: SimulationIndex;
  scenario: Scenario;
  /** Editor buffer versions (by tree-relative path) this state was computed from. */
  versions: ReadonlyMap<string, number>;
  /** True once the whole scope is indexed; findings are shown only then. */
  complete: boolean;
  progress: IndexProgress;
  /** Roots whose recorded replay was reused and roots replayed by the check (complete states only). */
  replays?: { reused: number; replayed: number };
}

interface Tree {
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
  /** The last analysis's graph, which the next one brings up to date instead of building again when it can. */
  readonly liveGraph = new LiveGraph();
  /** Function bodies by file content, parsed once for all the analyses of this root. */
  private readonly bodies = new BodyCache();
  current: AnalysisState | undefined;
  /** Notes of the last check (bounds that cut a replay, bodies that could not be read). */
  checkNotes: readonly string[] = [];
  /** Replays of the last analyses, reused for the roots an edit does not reach; dropped with the index. */
  private readonly replays = new ReplayCache();

  constructor(
    readonly root: vscode.Uri,
    /** The settings of this root's folder. */
    readonly settings: () => Settings,
    private readonly blocks: BlockMonitor,
  ) {}

  /** Starts over on a new index (Re-index, a settings change): older results are dropped from now on. */
  reset(workspace: Workspace, scope: ReadonlySet<string>): void {
    this.tree = { workspace, scope };
    this.liveGraph.forget();
    this.replays.clear();
    this.versions.clear();
    this.generation++;
  }

  /** The generation of the latest analysis started (a state of it or later holds every text applied before). */
  get latestGeneration(): number {
    return this.generation;
  }

  /** The folder's name, as the status bar names the root when the window has several. */
  get name(): string {
    return this.root.path.split('/').filter(Boolean).at(-1) ?? this.root.path;
  }

  setProgress(progress: IndexProgress): void {
    this.progress = progress;
  }

  /** Tree-relative path of a document inside the indexed scope, or undefined. */
  pathOf(uri: vscode.Uri): string | undefined {
    if (!this.tree || uri.scheme !== this.root.scheme) return undefined;
    const base = this.root.path.endsWith('/') ? this.root.path : `${this.root.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    const rel = uri.path.slice(base.length);
    return this.tree.scope.has(rel) ? rel : undefined;
  }

  uriOf(path: string): vscode.Uri | undefined {
    return this.tree ? vscode.Uri.joinPath(this.root, path) : undefined;
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

  /**
   * Rebuilds graph and paths from the index as it is now, and the findings once the index is complete,
   * and publishes them unless a newer change overtook this run while it yielded.
   */
  async analyse(complete: boolean): Promise<AnalysisState | undefined> {
    if (!this.tree) return undefined;
    const leave = this.blocks.enter('analysis', 'snapshot');
    try {
      return await this.analyseNow(complete);
    } finally {
      leave();
    }
  }

  private async analyseNow(complete: boolean): Promise<AnalysisState | undefined> {
    if (!this.tree) return undefined;
    const generation = ++this.generation;
    const { workspace } = this.tree;
    const root = this.root;
    const versions = new Map(this.versions);
    const settings = this.settings();
    const snapshot = workspace.snapshot();
    const overtaken = async (done: string) => {
      this.blocks.step(done);
      await new Promise((resolve) => setImmediate(resolve));
      this.blocks.step('findings and publish');
      return generation !== this.generation;
    };
    const simulation = new SimulationIndex();
    const scenario = resolveScenario(settings.scenario);
    const options = analyzeOptions(settings);
    const config = options.config!;
    const graph = this.liveGraph.graphFor(snapshot, config);
    this.blocks.step(`graph ${this.liveGraph.lastOutcome}`);
    // In slices (the graph, then one entry at a time), so a whole tree never blocks the editor for long.
    const result = await analyzeInSlices(
      snapshot,
      {
        ...options,
        ...(graph ? { graph } : {}),
        bodies: this.bodies,
        reuse: this.replays,
        scenario,
        check: complete,
        tap: simulation,
      },
      overtaken,
    );
    if (!result) return undefined;
    this.liveGraph.remember(snapshot, result.graph, config);
    if (complete) this.checkNotes = result.truncations;
    const state: AnalysisState = {
      generation,
      root,
      snapshot,
      graph: result.graph,
      trace: result.paths,
      findings: result.findings,
      simulation,
      scenario,
      versions,
      complete,
      progress: this.progress,
      ...(complete ? { replays: counts(this.replays.last) } : {}),
    };
    this.current = state;
    this.changed.fire(state);
    return state;
  }

  /** Paths from the configured entries to `targets` over a graph the analysis built (Trace Paths to Here). */
  trace(graph: CallGraph, targets: readonly string[]): TraceResult {
    const s = this.settings();
    return tracePaths(graph, { from: s.entries, to: targets, maxDepth: s.maxDepth, maxPaths: s.maxPaths });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function counts(r: ReuseReport): { reused: number; replayed: number } {
  return { reused: r.reused.length, replayed: r.replayed.length };
}

export { analyzeOptions };
