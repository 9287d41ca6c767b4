// Plain data extracted from one C file: what the index, call graph and simulator consume.
// No tree-sitter objects live here: everything is serialisable, so it can be cached by content hash.

import type { PreprocCondition } from '../model/preproc.js';

/** A place in a file: line is 1-based, column 0-based (UTF-16 units, as in the editor). */
export interface Loc {
  line: number;
  column: number;
}

export interface Span {
  start: Loc;
  end: Loc;
}

/** One `#if`/`#ifdef` condition enclosing a definition: the text as written, negated on `#else` arms. */
export interface ParamFact {
  name: string;
  type: string;
}

/** `__acquires(x)`, `__releases(x)`, `__must_hold(x)` on a definition, with the argument text. */
export interface LockAnnotation {
  kind: 'acquires' | 'releases' | 'must-hold';
  lock: string;
}

export interface FunctionFact {
  name: string;
  span: Span;
  /** Position of the name in the declarator. */
  nameLoc: Loc;
  isStatic: boolean;
  isInline: boolean;
  isWeak: boolean;
  params: ParamFact[];
  returnType: string;
  /** The declarator puts a `*` before the name: the function returns a pointer. */
  returnsPointer: boolean;
  /** Blanked annotation macros found on the definition (`__meminit`, `__ref`, ...). */
  annotations: string[];
  lockAnnotations: LockAnnotation[];
  conditions: PreprocCondition[];
  /** Local variable declarations: name -> type text (for resolving `x->ops->fn()`). */
  locals: Record<string, string>;
  /** Text of the comment block immediately before the definition (contracts are stated there). */
  leadingComment: string;
}

export type CallKind = 'direct' | 'pointer';

export interface CallFact {
  /** Index into FileFacts.functions of the enclosing function. */
  caller: number;
  /** Identifier called, for direct calls; for pointer calls the member name (`page_free`). */
  callee: string;
  kind: CallKind;
  /** The callee expression as written (`pgmap->ops->page_free`). */
  calleeText: string;
  loc: Loc;
  args: string[];
  /** For pointer calls through a member: the object the member is read from. */
  receiver?: Receiver;
}

/**
 * The object a member is read from, as a chain from a named variable: `pgmap->ops->page_free` is
 * base `pgmap` (type from its declaration when local) then field `ops`, member `page_free`.
 * The call graph resolves the struct type with the struct definitions of the whole index.
 */
export interface Receiver {
  baseVar: string;
  /** Base type name as declared in this file (`dev_pagemap`, `pg_data_t`), if the variable is declared here. */
  baseType?: string;
  fields: string[];
}

/** A function handed to a registration call (`devm_add_action(dev, fn, data)`), or any other address-taken use. */
export interface FunctionRefFact {
  caller: number;
  fn: string;
  loc: Loc;
  /** The registering callee (`devm_add_action_or_reset`) or '' for a plain address-taken use. */
  via: string;
}

/** `.field = fn` in an initializer of `struct type`, or `x->field = fn` where x's type is known. */
export interface OpsBindingFact {
  /** Struct type of an initializer; absent for assignments, whose receiver names the object. */
  structType?: string;
  receiver?: Receiver;
  field: string;
  fn: string;
  loc: Loc;
  /** Variable being initialised, when there is one. */
  holder: string;
}

export interface StructFact {
  name: string;
  /** field name -> type text (pointer stars kept). */
  fields: Record<string, string>;
}

/** A file-scope use of a macro that makes functions roots (`DEVICE_ATTR_RW(state)`, `EXPORT_SYMBOL(fn)`). */
export interface RootMacroUse {
  macro: string;
  args: string[];
  loc: Loc;
}

/** `T name[] = { &a.attr, &b, NULL }`: the variable and the base variable of each element, in order. */
export interface ArrayElemsFact {
  holder: string;
  elems: string[];
}

export interface ParseProblem {
  loc: Loc;
  message: string;
}

export interface FileFacts {
  path: string;
  functions: FunctionFact[];
  calls: CallFact[];
  functionRefs: FunctionRefFact[];
  opsBindings: OpsBindingFact[];
  structs: StructFact[];
  rootMacros: RootMacroUse[];
  /** File-scope arrays initialised with a plain list (`{ &dev_attr_state.attr, NULL }`): the objects listed. */
  arrayElems?: ArrayElemsFact[];
  /** File-scope names: macros, enum constants, globals, typedefs (for "declared nowhere" checks). */
  declaredNames: string[];
  /** Global variable name -> base type name. */
  globals: Record<string, string>;
  /** typedef name -> base type name (`pg_data_t` -> `pglist_data`). */
  typedefs: Record<string, string>;
  errorNodes: number;
  errorBytes: number;
  problems: ParseProblem[];
}
