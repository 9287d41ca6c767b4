// A setup that undoes itself when it fails part-way (kasan_add_zero_shadow() calling
// kasan_remove_zero_shadow() on its error path) must give its teardown the range it was asked for: the
// teardown translates that range itself, as the setup did. Handing it the setup's own translated value
// (the shadow address for the memory address) translates it twice. Judged on the body as written: an
// argument that is not the setup's parameter, nor a local holding one translation of it that the
// teardown's body also applies to its own parameter, says nothing.

import type { FnNode } from '../callgraph/definitions.js';
import { MODEL_BINDINGS, TEARDOWN_OF_KIND, TRANSLATED_TWICE_WHY, type ArgRef } from '../kernel/model-bindings.js';
import { exprChildren, type Expr, type FunctionBody, type Stmt } from '../syntax/body.js';
import type { SourceLoc } from '../model/location.js';
import type { TeardownMismatch } from './events.js';

type Call = Extract<Expr, { k: 'call' }>;

/** How deep a local is followed back to what it was assigned. */
const RESOLVE_DEPTH = 3;

export function translatedTwice(
  call: Call,
  teardown: FnNode | undefined,
  setup: FnNode,
  bodyOf: (fn: FnNode) => FunctionBody | undefined,
): TeardownMismatch | undefined {
  const own = MODEL_BINDINGS[setup.name];
  const pair = own ? TEARDOWN_OF_KIND[own.kind] : undefined;
  const bound = MODEL_BINDINGS[call.callee];
  if (!own || !pair || !bound || bound.kind !== pair.teardown || !teardown) return undefined;
  const teardownBody = bodyOf(teardown);
  const setupBody = bodyOf(setup);
  if (!teardownBody || !setupBody) return undefined;
  const setupParams = setup.fact.params.map((p) => p.name);
  const teardownParams = teardown.fact.params.map((p) => p.name);
  const twice: string[] = [];
  const asked: string[] = [];
  for (const field of pair.range) {
    const sRef = refOf(own, field);
    const tRef = refOf(bound, field);
    if (!sRef || !tRef) return;
    const param = setupParams[indexOf(sRef, setupParams)];
    const tIndex = indexOf(tRef, teardownParams);
    const tParam = teardownParams[tIndex];
    const given = call.args[tIndex];
    if (!param || !tParam || !given) return;
    asked.push(param);
    const resolved = resolve(given, setupBody, setupParams, RESOLVE_DEPTH);
    if (!resolved) continue;
    const text = norm(resolved.text);
    if (text === param || !mentions(text, param)) continue;
    // The teardown's body computes the same translation from its own parameter.
    const again = norm(text.replace(word(param), tParam));
    if (!someExpr(teardownBody.body, (x) => norm(x.text) === again)) continue;
    twice.push(
      given.text === resolved.text ? shown(given.text) : `${shown(given.text)}, which is ${shown(resolved.text)},`,
    );
  }
  if (twice.length === 0) return undefined;
  const at: SourceLoc = { file: setup.file, line: setup.line, column: 1 };
  return {
    teardown: call.callee,
    given: twice.join(' and '),
    setup: setup.name,
    at,
    expected: `the range it was asked for, (${asked.join(', ')})`,
    why: TRANSLATED_TWICE_WHY,
    ownBody: true,
  };
}

function refOf(effect: object, field: string): ArgRef | undefined {
  const r = (effect as Record<string, unknown>)[field];
  return r && typeof r === 'object' && 'names' in r ? (r as ArgRef) : undefined;
}

function indexOf(ref: ArgRef, params: readonly string[]): number {
  const byName = params.findIndex((p) => ref.names.includes(p));
  return byName >= 0 ? byName : ref.index;
}

/**
 * What an argument stands for in the setup's body: a local assigned exactly once (its declaration or one
 * assignment) stands for what it was assigned. A local assigned more than once, or a parameter the body
 * reassigns, is not known.
 */
function resolve(e: Expr, body: FunctionBody, params: readonly string[], depth: number): Expr | undefined {
  while (e.k === 'cast') e = e.arg;
  if (e.k !== 'id') return e;
  const defs = definitions(body.body, e.name);
  if (!defs) return undefined;
  if (params.includes(e.name)) return defs.length === 0 ? e : undefined;
  if (defs.length !== 1 || depth <= 0) return undefined;
  return resolve(defs[0]!, body, params, depth - 1);
}

/** Values a body gives a variable (its declaration's initializer, its assignments); undefined when one is not plain. */
function definitions(body: readonly Stmt[], name: string): Expr[] | undefined {
  const out: Expr[] = [];
  let unknown = false;
  walk(
    body,
    (s) => {
      if (s.k === 'decl' && s.name === name && s.init) out.push(s.init);
    },
    (x) => {
      if (x.k === 'assign' && x.left.k === 'id' && x.left.name === name) {
        if (x.op === '=') out.push(x.right);
        else unknown = true;
      }
      if (x.k === 'unary' && (x.op === '++' || x.op === '--') && x.arg.k === 'id' && x.arg.name === name)
        unknown = true;
      if (x.k === 'unary' && x.op === '&' && x.arg.k === 'id' && x.arg.name === name) unknown = true;
    },
  );
  return unknown ? undefined : out;
}

/**
 * Whether a body may change one of these variables between two lines (inclusive): a declaration, an
 * assignment, `++` or `--` in a statement starting in between, a statement the parser could not read that
 * names one, a call before the last line that hands one to something that is not a function (`isFunction`:
 * a macro may assign it), or its address taken anywhere.
 */
export function changedBetween(
  body: FunctionBody,
  names: readonly string[],
  from: number,
  to: number,
  isFunction: (callee: string) => boolean,
): boolean {
  let changed = false;
  const named = (x: Expr): boolean => x.k === 'id' && names.includes(x.name);
  const inside = (line: number): boolean => line >= from && line <= to;
  const mentioned = (text: string): boolean => names.some((n) => mentions(text, n));
  walk(
    body.body,
    (s) => {
      if (!inside(s.loc.line)) return;
      if (s.k === 'decl' && names.includes(s.name)) changed = true;
      if (s.k === 'unknown' && mentioned(s.text)) changed = true;
    },
    (x, at) => {
      const between = inside(at.loc.line);
      if (x.k === 'assign' && named(x.left) && between) changed = true;
      if (x.k === 'unary' && (x.op === '++' || x.op === '--') && named(x.arg) && between) changed = true;
      if (x.k === 'unary' && x.op === '&' && named(x.arg)) changed = true;
      if (x.k === 'other' && between && mentioned(x.text)) changed = true;
      if (x.k === 'call' && x.loc.line >= from && x.loc.line < to && x.args.some(named) && !isFunction(x.callee))
        changed = true;
    },
  );
  return changed;
}

function someExpr(body: readonly Stmt[], test: (x: Expr) => boolean): boolean {
  let found = false;
  walk(
    body,
    () => undefined,
    (x) => {
      if (test(x)) found = true;
    },
  );
  return found;
}

/** Visits every statement, and every expression with the statement it belongs to. */
function walk(stmts: readonly Stmt[], onStmt: (s: Stmt) => void, onExpr: (x: Expr, at: Stmt) => void): void {
  let at: Stmt | undefined;
  const expr = (x: Expr | undefined): void => {
    if (!x || !at) return;
    onExpr(x, at);
    for (const c of exprChildren(x)) expr(c);
  };
  const stmt = (s: Stmt): void => {
    onStmt(s);
    const outer = at;
    at = s;
    visit(s);
    at = outer;
  };
  const visit = (s: Stmt): void => {
    switch (s.k) {
      case 'expr':
        return expr(s.expr);
      case 'decl':
        return expr(s.init);
      case 'if':
        expr(s.test);
        s.then.forEach(stmt);
        s.else?.forEach(stmt);
        return;
      case 'switch':
        expr(s.test);
        s.body.forEach(stmt);
        return;
      case 'loop':
        s.init?.forEach(stmt);
        expr(s.test);
        expr(s.update);
        s.body.forEach(stmt);
        return;
      case 'return':
        return expr(s.expr);
      case 'block':
        s.body.forEach(stmt);
        return;
      case 'unknown':
        s.calls.forEach(expr);
        return;
      case 'preproc':
        s.then.forEach(stmt);
        s.else.forEach(stmt);
        return;
      default:
        return;
    }
  };
  stmts.forEach(stmt);
}

/** Text as a finding shows it: blanks collapsed. */
function shown(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text without blanks or enclosing parentheses. */
function norm(text: string): string {
  let t = text.replace(/\s+/g, '');
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1);
  return t;
}

function balanced(t: string): boolean {
  let depth = 0;
  for (const c of t) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function word(name: string): RegExp {
  return new RegExp(`(?<![\\w])${name.replace(/[^\w]/g, '')}(?![\\w])`, 'g');
}

function mentions(text: string, name: string): boolean {
  return word(name).test(text);
}
