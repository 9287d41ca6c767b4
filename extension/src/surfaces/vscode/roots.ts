// The kernel roots of the window: one Analysis (index, graph, findings) per workspace folder that is a kernel
// tree. Documents go to the root whose folder holds them; views that show one tree show the active root's.

import * as vscode from 'vscode';
import { containingRoot } from '../node/roots.js';
import { Analysis, type AnalysisState } from './analysis.js';
import { readSettings } from './config.js';
import type { BlockMonitor } from '../node/block-monitor.js';

export class KernelRoots implements vscode.Disposable {
  private readonly byRoot = new Map<string, Analysis>();
  private readonly changed = new vscode.EventEmitter<AnalysisState>();
  private readonly activeChanged = new vscode.EventEmitter<Analysis | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastActive: Analysis | undefined;
  /** A new state of any root. */
  readonly onDidChange = this.changed.event;
  /** The active root changed (an editor of another root got focus, a root was added or removed). */
  readonly onDidChangeActive = this.activeChanged.event;

  constructor(private readonly blocks: BlockMonitor) {
    this.subscriptions.push(
      this.changed,
      this.activeChanged,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const analysis = editor && this.forUri(editor.document.uri);
        if (analysis && analysis !== this.lastActive) {
          this.lastActive = analysis;
          this.activeChanged.fire(analysis);
        }
      }),
    );
  }

  /** The Analysis of a folder, made on first use; its settings are the folder's. */
  add(folder: vscode.WorkspaceFolder): Analysis {
    const known = this.byRoot.get(folder.uri.fsPath);
    if (known) return known;
    const analysis = new Analysis(folder.uri, () => readSettings(folder.uri), this.blocks);
    analysis.onDidChange((state) => this.changed.fire(state));
    this.byRoot.set(folder.uri.fsPath, analysis);
    if (!this.lastActive) {
      this.lastActive = analysis;
      this.activeChanged.fire(analysis);
    }
    return analysis;
  }

  remove(root: vscode.Uri): void {
    const analysis = this.byRoot.get(root.fsPath);
    if (!analysis) return;
    this.byRoot.delete(root.fsPath);
    analysis.dispose();
    if (this.lastActive === analysis) {
      this.lastActive = this.all()[0];
      this.activeChanged.fire(this.lastActive);
    }
  }

  all(): Analysis[] {
    return [...this.byRoot.values()];
  }

  /** The root holding a file: URI (the deepest one when folders nest), or undefined. */
  forUri(uri: vscode.Uri): Analysis | undefined {
    if (uri.scheme !== 'file') return undefined;
    const root = containingRoot(uri.fsPath, this.byRoot.keys());
    return root === undefined ? undefined : this.byRoot.get(root);
  }

  /** The root of the active editor, else the one last active, else the first. */
  active(): Analysis | undefined {
    const editor = vscode.window.activeTextEditor;
    return (editor && this.forUri(editor.document.uri)) ?? this.lastActive ?? this.all()[0];
  }

  dispose(): void {
    for (const analysis of this.byRoot.values()) analysis.dispose();
    this.byRoot.clear();
    for (const d of this.subscriptions) d.dispose();
  }
}
