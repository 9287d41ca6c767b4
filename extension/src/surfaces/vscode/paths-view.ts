// Feature: the Traced Paths tree in the extension's activity-bar container: entries -> paths -> steps of the
// active kernel root; selecting an item opens its place (definition or call site).

import * as vscode from 'vscode';
import { type PathTreeEntry, type PathTreePath, type PathTreeStep } from '../../core/views/path-tree.js';
import type { Ctx } from './ctx.js';
import type { Analysis } from './analysis.js';
import { rangeAt } from './convert.js';
import { PATHS_VIEW_ID } from './ids.js';

type Element =
  { kind: 'entry'; entry: PathTreeEntry } | { kind: 'path'; path: PathTreePath } | { kind: 'step'; step: PathTreeStep };

export function register(ctx: Ctx): void {
  const changed = new vscode.EventEmitter<void>();
  let roots: Element[] = [];
  let shown: Analysis | undefined;
  const open = (place: { file: string; line: number; column: number }, title: string): vscode.Command | undefined => {
    const uri = shown?.uriOf(place.file);
    return uri
      ? { command: 'vscode.open', title, arguments: [uri, { selection: rangeAt(place), preview: true }] }
      : undefined;
  };
  const provider: vscode.TreeDataProvider<Element> = {
    onDidChangeTreeData: changed.event,
    getChildren: (element) => {
      if (!element) return roots;
      if (element.kind === 'entry') return element.entry.paths.map((path) => ({ kind: 'path' as const, path }));
      if (element.kind === 'path') return element.path.steps.map((step) => ({ kind: 'step' as const, step }));
      return [];
    },
    getTreeItem: (element) => {
      if (element.kind === 'entry') {
        const item = new vscode.TreeItem(element.entry.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = element.entry.description;
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        item.command = open(element.entry, 'Open entry point');
        item.id = `entry:${element.entry.id}`;
        return item;
      }
      if (element.kind === 'path') {
        const item = new vscode.TreeItem(element.path.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = element.path.description;
        item.iconPath = new vscode.ThemeIcon('debug-stackframe');
        return item;
      }
      const item = new vscode.TreeItem(element.step.label, vscode.TreeItemCollapsibleState.None);
      item.description = element.step.description;
      item.iconPath = new vscode.ThemeIcon(
        element.step.kind && element.step.kind !== 'direct' ? 'references' : 'arrow-right',
      );
      item.command = open(element.step, 'Open call site');
      return item;
    },
  };
  const refresh = () => {
    shown = ctx.roots.active();
    const state = shown?.current;
    roots = state ? state.pathTree.map((entry) => ({ kind: 'entry', entry })) : [];
    view.message = !state
      ? undefined
      : state.trace.paths.length === 0
        ? state.complete
          ? 'No paths from the entry points reach the hotplug core in this tree.'
          : 'Indexing…'
        : undefined;
    view.description = ctx.roots.all().length > 1 ? shown?.name : undefined;
    changed.fire();
  };
  const view = vscode.window.createTreeView(PATHS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  ctx.subscribe(changed, view, ctx.roots.onDidChange(refresh), ctx.roots.onDidChangeActive(refresh));
}
