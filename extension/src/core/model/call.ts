// The one call record: who calls whom, where, and by which kind of edge. Data only.

export type EdgeKind = 'direct' | 'registered' | 'callback' | 'ops' | 'address';

export const EDGE_KIND_LABEL: Readonly<Record<EdgeKind, string>> = {
  direct: 'direct call',
  registered: 'registered callback',
  callback: 'callback argument',
  ops: 'ops table',
  address: 'address taken',
};

/**
 * `caller` calls `callee` at file:line:column. In the call graph, caller and callee are function ids
 * (`name@file:line`); on a chain from an entry (findings, traces) they are function names.
 */
export interface CallStep {
  caller: string;
  callee: string;
  file: string;
  line: number;
  column: number;
  kind: EdgeKind;
  /** The registering call (`devm_add_action_or_reset`) or the dispatch (`dev_pagemap_ops.page_free`). */
  via?: string;
}
