// Feature: VS Code's own Call Hierarchy for kernel C, answered from the call graph of the document's root
// (callback, registered and ops-table edges included, named in each item's detail).

import * as vscode from 'vscode';
import { callSiteDetail, functionAt, incomingCalls, outgoingCalls } from '../../core/views/call-hierarchy.js';
import type { Ctx } from './ctx.js';
import { callHierarchyItem, callSiteRanges } from './convert.js';

export function register(ctx: Ctx): void {
  const ids = new WeakMap<vscode.CallHierarchyItem, string>();
  const item = (root: vscode.Uri, fn: Parameters<typeof callHierarchyItem>[1], detail?: string) => {
    const made = callHierarchyItem(root, fn);
    if (detail) made.detail = `${made.detail} · ${detail}`;
    ids.set(made, fn.id);
    return made;
  };
  const idOf = (it: vscode.CallHierarchyItem): string | undefined => {
    const known = ids.get(it);
    if (known) return known;
    const analysis = ctx.roots.forUri(it.uri);
    const graph = analysis?.current && analysis.graph();
    const path = analysis?.pathOf(it.uri);
    return graph && path ? functionAt(graph, path, it.selectionRange.start.line + 1, it.name)?.id : undefined;
  };

  const provider: vscode.CallHierarchyProvider = {
    prepareCallHierarchy(doc, pos) {
      const analysis = ctx.roots.forUri(doc.uri);
      const state = analysis?.current;
      const path = analysis?.pathOf(doc.uri);
      const word = doc.getWordRangeAtPosition(pos, /[A-Za-z_][A-Za-z0-9_]*/);
      const graph = state && path && word ? analysis.graph() : undefined;
      if (!state || !path || !word || !graph) return undefined;
      const fn = functionAt(graph, path, pos.line + 1, doc.getText(word));
      return fn ? item(state.root, fn) : undefined;
    },
    provideCallHierarchyIncomingCalls(target) {
      const analysis = ctx.roots.forUri(target.uri);
      const state = analysis?.current;
      const id = idOf(target);
      const graph = state && id ? analysis!.graph() : undefined;
      if (!state || !id || !graph) return [];
      return incomingCalls(graph, id).map(
        (c) =>
          new vscode.CallHierarchyIncomingCall(
            item(state.root, c.fn, callSiteDetail(c.sites)),
            callSiteRanges(c.sites, target.name),
          ),
      );
    },
    provideCallHierarchyOutgoingCalls(source) {
      const analysis = ctx.roots.forUri(source.uri);
      const state = analysis?.current;
      const id = idOf(source);
      const graph = state && id ? analysis!.graph() : undefined;
      if (!state || !id || !graph) return [];
      return outgoingCalls(graph, id).map(
        (c) =>
          new vscode.CallHierarchyOutgoingCall(
            item(state.root, c.fn, callSiteDetail(c.sites)),
            callSiteRanges(c.sites, c.fn.name),
          ),
      );
    },
  };
  ctx.subscribe(vscode.languages.registerCallHierarchyProvider({ language: 'c', scheme: 'file' }, provider));
}
