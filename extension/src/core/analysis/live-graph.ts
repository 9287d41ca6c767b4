// The call graph of a host's latest analysis, kept so the next analysis of an edited snapshot relinks only
// the edited files when it can (callgraph/graph-update.ts) instead of building the graph again.

import type { CallGraph } from '../callgraph/graph.js';
import { updateCallGraph } from '../callgraph/graph-update.js';
import type { KernelConfig } from '../kernel/config.js';
import type { Snapshot } from '../workspace/workspace.js';

export class LiveGraph {
  private last: { snapshot: Snapshot; graph: CallGraph; config: string } | undefined;
  /** How the last graph asked for was made: `updated (N files relinked)`, `built (why)`. */
  lastOutcome = 'built (first analysis)';

  /** The graph of `snapshot`, brought up to date from the last one remembered; undefined when it must be built. */
  graphFor(snapshot: Snapshot, config: KernelConfig): CallGraph | undefined {
    const last = this.last;
    if (!last || last.config !== configKey(config)) {
      this.lastOutcome = 'built (no graph of this configuration yet)';
      return undefined;
    }
    const update = updateCallGraph(last.graph, last.snapshot, snapshot, config);
    if ('rebuild' in update) {
      this.lastOutcome = `built (${update.rebuild})`;
      return undefined;
    }
    this.lastOutcome = `updated (${update.relinked.length} files relinked)`;
    return update.graph;
  }

  /** The graph an analysis of `snapshot` used, for the next one. */
  remember(snapshot: Snapshot, graph: CallGraph, config: KernelConfig): void {
    this.last = { snapshot, graph, config: configKey(config) };
  }

  forget(): void {
    this.last = undefined;
  }
}

function configKey(config: KernelConfig): string {
  return JSON.stringify([config.arch, [...config.enabled].sort(), [...config.disabled].sort()]);
}
