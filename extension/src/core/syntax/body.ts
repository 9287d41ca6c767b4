// The statement structure of one function, for the simulator to replay: calls with their argument
// expressions, if/else, switch with case markers, loops, goto and labels, returns. Plain data.

import type { Node } from 'web-tree-sitter';
import type { Loc } from './facts.js';
import { kids, loc } from './nodes.js';

export type Expr =
  | { k: 'call'; callee: string; pointer: boolean; args: Expr[]; loc: Loc; text: string }
  | { k: 'id'; name: string; text: string }
  | { k: 'num'; value: number; text: string }
  | { k: 'str'; text: string }
  | { k: 'unary'; op: string; arg: Expr; text: string }
  | { k: 'binary'; op: string; left: Expr; right: Expr; text: string }
  | { k: 'assign'; op: string; left: Expr; right: Expr; text: string }
  | { k: 'field'; object: Expr; field: string; arrow: boolean; text: string }
  | { k: 'index'; object: Expr; index: Expr; text: string }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; text: string }
  | { k: 'cast'; type: string; arg: Expr; text: string }
  | { k: 'comma'; list: Expr[]; text: string }
  | { k: 'other'; calls: Expr[]; text: string };

export type Stmt =
  | { k: 'expr'; expr: Expr; loc: Loc }
  | { k: 'decl'; name: string; type: string; init?: Expr; loc: Loc }
  | { k: 'if'; test: Expr; then: Stmt[]; else?: Stmt[]; loc: Loc }
  | { k: 'switch'; test: Expr; body: Stmt[]; loc: Loc }
  | { k: 'case'; value?: Expr; loc: Loc }
  | {
      k: 'loop';
      kind: 'for' | 'while' | 'do' | 'iterator';
      init?: Stmt[];
      test?: Expr;
      update?: Expr;
      body: Stmt[];
      macro?: string;
      loc: Loc;
    }
  | { k: 'goto'; label: string; loc: Loc }
  | { k: 'label'; name: string; loc: Loc }
  | { k: 'return'; expr?: Expr; loc: Loc }
  | { k: 'break'; loc: Loc }
  | { k: 'continue'; loc: Loc }
  | { k: 'block'; body: Stmt[]; loc: Loc }
  | { k: 'unknown'; calls: Expr[]; text: string; loc: Loc }
  /** `#if COND` inside a body: the simulator picks the arm the configuration selects, or both. */
  | { k: 'preproc'; cond: string; then: Stmt[]; else: Stmt[]; loc: Loc };

export interface FunctionBody {
  name: string;
  params: string[];
  body: Stmt[];
  /** Iterator macros that were rewritten as loops, by the loop's line. */
  loc: Loc;
}

/** Maps a rewritten `while` back to the iterator macro it stood for, by offset. */
export type IteratorLookup = (offset: number) => string | undefined;

export function functionBody(fn: Node, iterators: IteratorLookup): FunctionBody | undefined {
  const body = fn.childForFieldName('body');
  const declarator = fn.childForFieldName('declarator');
  if (!body || !declarator) return undefined;
  const fnDecl =
    declarator.type === 'function_declarator' ? declarator : declarator.descendantsOfType('function_declarator')[0];
  const name = fnDecl?.childForFieldName('declarator')?.text ?? '';
  const params = fnDecl?.childForFieldName('parameters');
  const paramNames = params
    ? kids(params)
        .map((p) => p.descendantsOfType('identifier').at(-1)?.text ?? '')
        .filter(Boolean)
    : [];
  return { name, params: paramNames, body: block(body, iterators), loc: loc(fn) };
}

function block(node: Node, it: IteratorLookup): Stmt[] {
  const out: Stmt[] = [];
  for (const c of kids(node)) out.push(...stmt(c, it));
  return out;
}

function asBlock(node: Node | null, it: IteratorLookup): Stmt[] {
  if (!node) return [];
  return node.type === 'compound_statement' ? block(node, it) : stmt(node, it);
}

/**
 * Statements and expressions nested deeper than this (hostile or generated text: `+++...+x`, `{{{...`)
 * are kept as opaque text, so that neither this walk nor the simulator's runs out of stack.
 */
export const MAX_NESTING = 200;
let nesting = 0;

function bounded<T>(deep: () => T, flat: () => T): T {
  if (nesting >= MAX_NESTING) return flat();
  nesting++;
  try {
    return deep();
  } finally {
    nesting--;
  }
}

function stmt(n: Node, it: IteratorLookup): Stmt[] {
  return bounded(
    () => stmtAt(n, it),
    () => [{ k: 'unknown', calls: [], text: n.text.slice(0, 200), loc: loc(n) }],
  );
}

function stmtAt(n: Node, it: IteratorLookup): Stmt[] {
  const at = loc(n);
  switch (n.type) {
    case 'comment':
      return [];
    case 'compound_statement':
      return [{ k: 'block', body: block(n, it), loc: at }];
    case 'expression_statement': {
      const e = kids(n)[0];
      return e ? [{ k: 'expr', expr: expr(e), loc: at }] : [];
    }
    case 'declaration': {
      const t = n.childForFieldName('type')?.text ?? '';
      const out: Stmt[] = [];
      for (const d of n.childrenForFieldName('declarator')) {
        if (!d) continue;
        const nameNode = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
        const name = nameNode?.descendantsOfType('identifier')[0]?.text ?? nameNode?.text ?? '';
        const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
        const s: Stmt = { k: 'decl', name, type: t, loc: loc(d) };
        if (value && value.type !== 'initializer_list') s.init = expr(value);
        else if (value) s.init = { k: 'other', calls: callsIn(value), text: value.text };
        out.push(s);
      }
      return out;
    }
    case 'if_statement': {
      const cond = n.childForFieldName('condition');
      const alt = n.childForFieldName('alternative');
      const s: Stmt = {
        k: 'if',
        test: cond ? expr(cond) : other(n),
        then: asBlock(n.childForFieldName('consequence'), it),
        loc: at,
      };
      if (alt) s.else = asBlock(alt.type === 'else_clause' ? (kids(alt)[0] ?? null) : alt, it);
      return [s];
    }
    case 'switch_statement': {
      const cond = n.childForFieldName('condition');
      return [
        { k: 'switch', test: cond ? expr(cond) : other(n), body: switchBody(n.childForFieldName('body'), it), loc: at },
      ];
    }
    case 'case_statement':
      return switchBody(n, it);
    case 'while_statement': {
      const cond = n.childForFieldName('condition');
      const macro = it(n.startIndex);
      const s: Stmt = {
        k: 'loop',
        kind: macro ? 'iterator' : 'while',
        test: cond ? expr(cond) : other(n),
        body: asBlock(n.childForFieldName('body'), it),
        loc: at,
      };
      if (macro) s.macro = macro;
      return [s];
    }
    case 'do_statement': {
      const cond = n.childForFieldName('condition');
      return [
        {
          k: 'loop',
          kind: 'do',
          test: cond ? expr(cond) : other(n),
          body: asBlock(n.childForFieldName('body'), it),
          loc: at,
        },
      ];
    }
    case 'for_statement': {
      const init = n.childForFieldName('initializer');
      const cond = n.childForFieldName('condition');
      const update = n.childForFieldName('update');
      const s: Stmt = { k: 'loop', kind: 'for', body: asBlock(n.childForFieldName('body'), it), loc: at };
      if (init)
        s.init = init.type === 'declaration' ? stmt(init, it) : [{ k: 'expr', expr: expr(init), loc: loc(init) }];
      if (cond) s.test = expr(cond);
      if (update) s.update = expr(update);
      return [s];
    }
    case 'goto_statement':
      return [{ k: 'goto', label: n.childForFieldName('label')?.text ?? '', loc: at }];
    case 'labeled_statement': {
      const label = n.childForFieldName('label')?.text ?? '';
      const inner = kids(n).filter((c) => c.type !== 'statement_identifier');
      return [{ k: 'label', name: label, loc: at }, ...inner.flatMap((c) => stmt(c, it))];
    }
    case 'return_statement': {
      const e = kids(n)[0];
      return [e ? { k: 'return', expr: expr(e), loc: at } : { k: 'return', loc: at }];
    }
    case 'break_statement':
      return [{ k: 'break', loc: at }];
    case 'continue_statement':
      return [{ k: 'continue', loc: at }];
    case 'preproc_if':
    case 'preproc_ifdef':
    case 'preproc_elif':
    case 'preproc_elifdef':
      return [preproc(n, it)];
    case 'preproc_else':
      return kids(n).flatMap((c) => stmt(c, it));
    case 'preproc_call':
    case 'preproc_def':
    case 'preproc_function_def':
    case 'preproc_include':
    case 'type_definition':
    case 'struct_specifier':
    case ';':
      return [];
    default:
      return [{ k: 'unknown', calls: callsIn(n), text: n.text.slice(0, 200), loc: at }];
  }
}

function preproc(n: Node, it: IteratorLookup): Stmt {
  const cond = n.childForFieldName('condition');
  const name = n.childForFieldName('name');
  const alt = n.childForFieldName('alternative');
  const directive = n.children[0]?.type ?? '';
  const text = name
    ? directive.includes('ndef')
      ? `!defined(${name.text})`
      : `defined(${name.text})`
    : (cond?.text.replace(/\s+/g, ' ').trim() ?? '0');
  const arm = kids(n).filter(
    (c) => c.startIndex !== cond?.startIndex && c.startIndex !== name?.startIndex && c.startIndex !== alt?.startIndex,
  );
  return {
    k: 'preproc',
    cond: text,
    then: arm.flatMap((c) => stmt(c, it)),
    else: alt ? stmt(alt, it) : [],
    loc: loc(n),
  };
}

/** A switch body as a flat list with `case` markers, so fallthrough replays as written. */
function switchBody(node: Node | null, it: IteratorLookup): Stmt[] {
  if (!node) return [];
  if (node.type === 'case_statement') {
    const value = node.childForFieldName('value');
    const marker: Stmt = value ? { k: 'case', value: expr(value), loc: loc(node) } : { k: 'case', loc: loc(node) };
    const rest = kids(node).filter((c) => c !== value);
    return [marker, ...rest.flatMap((c) => (c.type === 'case_statement' ? switchBody(c, it) : stmt(c, it)))];
  }
  return kids(node).flatMap((c) => (c.type === 'case_statement' ? switchBody(c, it) : stmt(c, it)));
}

function other(n: Node): Expr {
  return { k: 'other', calls: callsIn(n), text: n.text };
}

/** The outermost calls under `n`, in source order (an explicit stack: `n` may be nested arbitrarily deep). */
function callsIn(n: Node): Expr[] {
  const out: Expr[] = [];
  const stack: Node[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'call_expression') out.push(expr(x));
    else stack.push(...kids(x).reverse());
  }
  return out;
}

export function expr(n: Node): Expr {
  return bounded(
    () => exprAt(n),
    () => ({ k: 'other', calls: [], text: n.text }),
  );
}

function exprAt(n: Node): Expr {
  const text = n.text;
  switch (n.type) {
    case 'parenthesized_expression': {
      const inner = kids(n).filter((c) => c.type !== 'comment');
      return inner.length === 1 ? expr(inner[0]!) : { k: 'comma', list: inner.map(expr), text };
    }
    case 'call_expression': {
      const fnNode = n.childForFieldName('function');
      const argsNode = n.childForFieldName('arguments');
      const args = argsNode
        ? kids(argsNode)
            .filter((a) => a.type !== 'comment')
            .map(expr)
        : [];
      const isId = fnNode?.type === 'identifier';
      const callee = isId
        ? fnNode!.text
        : fnNode?.type === 'field_expression'
          ? (fnNode.childForFieldName('field')?.text ?? fnNode.text)
          : (fnNode?.text ?? '');
      return { k: 'call', callee, pointer: !isId, args, loc: loc(fnNode ?? n), text };
    }
    case 'identifier':
      return { k: 'id', name: text, text };
    case 'true':
      return { k: 'num', value: 1, text };
    case 'false':
    case 'null':
      return text === 'NULL' || n.type === 'null' ? { k: 'id', name: 'NULL', text } : { k: 'num', value: 0, text };
    case 'number_literal': {
      const v = Number(text.replace(/[uUlL]+$/, ''));
      return Number.isFinite(v) ? { k: 'num', value: v, text } : { k: 'other', calls: [], text };
    }
    case 'string_literal':
    case 'concatenated_string':
    case 'char_literal':
      return { k: 'str', text };
    case 'unary_expression':
    case 'pointer_expression': {
      const op = n.childForFieldName('operator')?.text ?? n.children[0]?.text ?? '';
      const arg = n.childForFieldName('argument');
      return arg ? { k: 'unary', op, arg: expr(arg), text } : other(n);
    }
    case 'update_expression': {
      const arg = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text ?? '++';
      return arg ? { k: 'unary', op, arg: expr(arg), text } : other(n);
    }
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text ?? '';
      return l && r ? { k: 'binary', op, left: expr(l), right: expr(r), text } : other(n);
    }
    case 'assignment_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text ?? '=';
      return l && r ? { k: 'assign', op, left: expr(l), right: expr(r), text } : other(n);
    }
    case 'field_expression': {
      const o = n.childForFieldName('argument');
      const f = n.childForFieldName('field');
      const arrow = n.childForFieldName('operator')?.text === '->' || text.includes('->');
      return o && f ? { k: 'field', object: expr(o), field: f.text, arrow, text } : other(n);
    }
    case 'subscript_expression': {
      const o = n.childForFieldName('argument');
      const i = n.childForFieldName('index') ?? kids(n)[1] ?? null;
      return o && i ? { k: 'index', object: expr(o), index: expr(i), text } : other(n);
    }
    case 'conditional_expression': {
      const c = n.childForFieldName('condition');
      const t = n.childForFieldName('consequence');
      const e = n.childForFieldName('alternative');
      return c && t && e ? { k: 'cond', test: expr(c), then: expr(t), else: expr(e), text } : other(n);
    }
    case 'cast_expression': {
      const t = n.childForFieldName('type');
      const v = n.childForFieldName('value');
      return v ? { k: 'cast', type: t?.text ?? '', arg: expr(v), text } : other(n);
    }
    case 'comma_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      return { k: 'comma', list: [l, r].filter((x): x is Node => x !== null).map(expr), text };
    }
    default:
      return other(n);
  }
}

/** The direct subexpressions of an expression, in source order. */
export function exprChildren(x: Expr): Expr[] {
  switch (x.k) {
    case 'call':
      return x.args;
    case 'unary':
      return [x.arg];
    case 'binary':
      return [x.left, x.right];
    case 'assign':
      return [x.left, x.right];
    case 'field':
      return [x.object];
    case 'index':
      return [x.object, x.index];
    case 'cond':
      return [x.test, x.then, x.else];
    case 'cast':
      return [x.arg];
    case 'comma':
      return x.list;
    case 'other':
      return x.calls;
    default:
      return [];
  }
}
