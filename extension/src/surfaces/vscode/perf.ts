// Feature: the editor's speed figures (issue 10): the longest block of the extension host's thread while
// indexing and while analysing, and each edit's time to its diagnostics. Exposed to tests only through the
// internal command memhp._hostPerf (not in the manifest, so not in the palette); it measures, never steers.

import * as vscode from 'vscode';
import { writeFileSync, renameSync } from 'node:fs';
import { BlockMonitor, type BlockStats } from '../node/block-monitor.js';
import type { AnalysisState } from './analysis.js';

export const HOST_PERF_COMMAND = 'memhp._hostPerf';

export interface EditSample {
  path: string;
  version: number;
  /** Last keystroke of the edit (its text change in the host) to its diagnostics set, in ms. */
  editToDiagnosticsMs: number;
  /** The analysis part of that: from the debounced re-analysis starting to the diagnostics set. */
  analysisMs: number;
  /** 1-based lines of the diagnostics set on the edited file. */
  lines: number[];
  /** Roots of that analysis whose recorded replay was reused, and roots replayed. */
  roots?: { reused: number; replayed: number };
}

export interface HostPerfReport {
  blocks: BlockStats;
  edits: EditSample[];
}

interface PendingEdit {
  path: string;
  version: number;
  at: number;
  /** When the analysis of this version started, and its generation. */
  analysed?: { from: number; generation: number };
}

export class HostPerf implements vscode.Disposable {
  readonly blocks = new BlockMonitor();
  private readonly pending = new Map<string, PendingEdit>();
  private edits: EditSample[] = [];

  /** A text change of an indexed document (the edit's time is that of its last change). */
  edited(uri: vscode.Uri, path: string, version: number): void {
    this.pending.set(uri.toString(), { path, version, at: performance.now() });
  }

  /** The debounced re-analysis of these document versions started now, as analysis `generation` of their root. */
  analysing(docs: readonly { uri: vscode.Uri; version: number; generation: number }[]): void {
    const now = performance.now();
    for (const { uri, version, generation } of docs) {
      const edit = this.pending.get(uri.toString());
      if (edit && edit.version === version) edit.analysed = { from: now, generation };
    }
  }

  /** Diagnostics of `state` were set; `lines` gives those set on each document. */
  published(state: AnalysisState, lines: (uri: vscode.Uri) => number[]): void {
    const now = performance.now();
    for (const [key, edit] of this.pending) {
      const uri = vscode.Uri.parse(key);
      // Dirty or not (an edit can bring the saved text back), the state must come from this version's analysis.
      if (!edit.analysed || state.generation < edit.analysed.generation || !uri.path.startsWith(state.root.path))
        continue;
      this.edits.push({
        path: edit.path,
        version: edit.version,
        editToDiagnosticsMs: now - edit.at,
        analysisMs: now - edit.analysed.from,
        lines: lines(uri),
        ...(state.replays ? { roots: state.replays } : {}),
      });
      this.pending.delete(key);
    }
  }

  report(): HostPerfReport {
    return { blocks: this.blocks.stats(), edits: [...this.edits] };
  }

  reset(): void {
    this.blocks.reset();
    this.edits = [];
  }

  dispose(): void {
    this.blocks.dispose();
  }
}

/** `{ out?: file, reset?: boolean }`: returns the figures so far, writes them to `out` as JSON, then resets. */
export function register(perf: HostPerf): vscode.Disposable {
  return vscode.commands.registerCommand(HOST_PERF_COMMAND, (args?: { out?: string; reset?: boolean }) => {
    const report = perf.report();
    if (args?.out) {
      // Written whole then renamed, so a reader waiting for the file never sees half of it.
      writeFileSync(`${args.out}.tmp`, JSON.stringify(report));
      renameSync(`${args.out}.tmp`, args.out);
    }
    if (args?.reset) perf.reset();
    return report;
  });
}
