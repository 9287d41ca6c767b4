// Call hierarchy over LSP from the call graph (callback, registered and ops-table edges included, named in
// each item's detail). Items carry their root and graph id, so follow-up requests need no position.

import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  Position,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { callSiteDetail, functionAt, incomingCalls, outgoingCalls } from '../../core/views/call-hierarchy.js';
import { callHierarchyItem, callSiteRanges, type ItemData } from './convert.js';
import { wordAt } from './hover.js';
import type { KernelIndex } from './kernel-index.js';

export function prepareCallHierarchy(index: KernelIndex, doc: TextDocument, pos: Position): CallHierarchyItem[] | null {
  const state = index.current;
  const path = index.pathOf(doc.uri);
  const word = wordAt(doc, pos);
  if (!state || !path || !word) return null;
  const fn = functionAt(state.graph, path, pos.line + 1, word.word);
  return fn ? [callHierarchyItem(index.root, fn)] : null;
}

export function itemData(item: CallHierarchyItem): ItemData | undefined {
  const d = item.data as Partial<ItemData> | undefined;
  return typeof d?.root === 'string' && typeof d.id === 'string' ? { root: d.root, id: d.id } : undefined;
}

export function incoming(index: KernelIndex, item: CallHierarchyItem): CallHierarchyIncomingCall[] {
  const state = index.current;
  const id = itemData(item)?.id;
  if (!state || !id) return [];
  return incomingCalls(state.graph, id).map((c) => ({
    from: callHierarchyItem(index.root, c.fn, callSiteDetail(c.sites)),
    fromRanges: callSiteRanges(c.sites, item.name),
  }));
}

export function outgoing(index: KernelIndex, item: CallHierarchyItem): CallHierarchyOutgoingCall[] {
  const state = index.current;
  const id = itemData(item)?.id;
  if (!state || !id) return [];
  return outgoingCalls(state.graph, id).map((c) => ({
    to: callHierarchyItem(index.root, c.fn, callSiteDetail(c.sites)),
    fromRanges: callSiteRanges(c.sites, c.fn.name),
  }));
}
