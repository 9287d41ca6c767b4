// Walks one tree-sitter C tree and returns plain facts (functions, calls, function references, ops
// bindings, structs, file-scope names). Never throws on odd syntax: ERROR nodes are walked like any other.

import type { Node, Tree } from 'web-tree-sitter';
import type { AnnotationMark } from './blank.js';
import {
  ATTRIBUTE_MACRO,
  INLINE_ANNOTATIONS,
  LOCK_ANNOTATIONS,
  WEAK_ANNOTATIONS,
  WEAK_ATTRIBUTE,
} from '../kernel/annotations.js';
import type { CallFact, FileFacts, FunctionFact, LockAnnotation, ParamFact, Receiver, StructFact } from './facts.js';
import { baseTypeName, conditionsOf, declaratorName, findFunctionDeclarator, kids, loc, span } from './nodes.js';

interface FnContext {
  index: number;
  /** Variable name -> base type name, for params and locals. */
  vars: Map<string, string>;
}

export function extractFacts(
  path: string,
  tree: Tree,
  marks: AnnotationMark[],
  registrars: ReadonlySet<string>,
): FileFacts {
  const facts: FileFacts = {
    path,
    functions: [],
    calls: [],
    functionRefs: [],
    opsBindings: [],
    structs: [],
    rootMacros: [],
    arrayElems: [],
    declaredNames: [],
    globals: {},
    typedefs: {},
    errorNodes: 0,
    errorBytes: 0,
    problems: [],
  };
  const declared = new Set<string>();
  const markQueue = [...marks].sort((a, b) => a.offset - b.offset);

  /** Records one top-level node; true when its children are to be visited (an explicit stack: ERROR trees nest deep). */
  const visitTop = (node: Node): boolean => {
    switch (node.type) {
      case 'function_definition':
        addFunction(node);
        return false;
      case 'declaration':
      case 'type_definition':
        addFileDeclaration(node);
        break;
      case 'preproc_def':
      case 'preproc_function_def': {
        const name = node.childForFieldName('name');
        if (name) declared.add(name.text);
        return false;
      }
      case 'struct_specifier':
      case 'union_specifier':
        addStruct(node);
        break;
      case 'enumerator': {
        const name = node.childForFieldName('name');
        if (name) declared.add(name.text);
        return false;
      }
      case 'ERROR':
        facts.errorNodes++;
        facts.errorBytes += node.endIndex - node.startIndex;
        if (facts.problems.length < 20)
          facts.problems.push({ loc: loc(node), message: 'syntax the C grammar could not parse' });
        break;
      case 'expression_statement':
      case 'compound_statement':
        // File-scope statements only appear where macros confused the grammar: look inside for functions.
        break;
    }
    return true;
  };

  const addFileDeclaration = (node: Node): void => {
    const isTypedef = node.type === 'type_definition';
    const typeNode = node.childForFieldName('type');
    const base = typeNode ? baseTypeName(typeNode.text) : '';
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d) continue;
      const name = declaratorName(d);
      if (!name) continue;
      declared.add(name);
      if (isTypedef) facts.typedefs[name] = base;
      else if (!findFunctionDeclarator(d)) facts.globals[name] = base;
      if (!isTypedef) {
        const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
        if (value?.type === 'initializer_list') {
          addInitializerBindings(value, base, name, -1);
          addArrayElems(value, name);
        } else if (value) addFileScopeRefs(value);
      }
    }
  };

  const addFileScopeRefs = (value: Node): void => {
    for (const id of value.descendantsOfType('identifier')) {
      if (id) facts.functionRefs.push({ caller: -1, fn: id.text, loc: loc(id), via: '' });
    }
  };

  const addArrayElems = (list: Node, holder: string): void => {
    const elems: string[] = [];
    for (const item of kids(list)) {
      const base = /^&?\s*\(?\s*([A-Za-z_]\w*)\s*\)?(\s*\.\s*\w+)*$/.exec(item.text);
      if (base && base[1] !== 'NULL') elems.push(base[1]!);
    }
    if (elems.length > 0) facts.arrayElems!.push({ holder, elems });
  };

  const addInitializerBindings = (list: Node, structType: string, holder: string, caller: number): void => {
    for (const item of kids(list)) {
      if (item.type === 'initializer_pair') {
        const designator = item.childrenForFieldName('designator').find((d) => d?.type === 'field_designator');
        const value = item.childForFieldName('value');
        if (!designator || !value) continue;
        const field = designator.text.replace(/^\./, '').trim();
        const fn = functionOf(value);
        if (fn) {
          facts.opsBindings.push({ structType, field, fn: fn.text, loc: loc(fn), holder });
          facts.functionRefs.push({ caller, fn: fn.text, loc: loc(fn), via: '' });
        } else if (value.type === 'initializer_list') {
          addInitializerBindings(value, `${structType}.${field}`, holder, caller);
        }
      } else if (item.type === 'initializer_list') {
        addInitializerBindings(item, structType, holder, caller);
      }
    }
  };

  const addStruct = (node: Node): void => {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const fields: Record<string, string> = {};
    for (const f of kids(body)) {
      if (f.type !== 'field_declaration') continue;
      const t = f.childForFieldName('type');
      if (t && (t.type === 'struct_specifier' || t.type === 'union_specifier')) addStruct(t);
      for (const d of f.childrenForFieldName('declarator')) {
        if (!d) continue;
        const fname = declaratorName(d);
        if (fname && t) fields[fname] = baseTypeName(t.text);
      }
    }
    facts.structs.push({ name: name.text, fields } satisfies StructFact);
  };

  const addFunction = (node: Node): void => {
    const declarator = node.childForFieldName('declarator');
    const fnDecl = declarator ? findFunctionDeclarator(declarator) : null;
    const nameNode = fnDecl?.childForFieldName('declarator');
    if (!fnDecl || !nameNode || nameNode.type !== 'identifier') {
      if (facts.problems.length < 20)
        facts.problems.push({ loc: loc(node), message: 'function definition without a plain name' });
      return;
    }
    const body = node.childForFieldName('body');
    const headText = node.text.slice(0, body ? body.startIndex - node.startIndex : undefined);
    const annotations: string[] = [];
    const lockAnnotations: LockAnnotation[] = [];
    const headEnd = body ? body.startIndex : node.endIndex;
    const headStart = node.startIndex;
    while (markQueue.length > 0 && markQueue[0]!.offset < headStart) markQueue.shift();
    const headMarks: AnnotationMark[] = [];
    for (const m of markQueue) {
      if (m.offset >= headEnd) break;
      headMarks.push(m);
      annotations.push(m.word);
      const kind = LOCK_ANNOTATIONS[m.word];
      if (kind && m.arg !== undefined) lockAnnotations.push({ kind, lock: m.arg });
    }
    const params: ParamFact[] = [];
    const vars = new Map<string, string>();
    const paramList = fnDecl.childForFieldName('parameters');
    for (const p of paramList ? kids(paramList) : []) {
      if (p.type !== 'parameter_declaration') continue;
      const t = p.childForFieldName('type');
      const d = p.childForFieldName('declarator');
      if (!d && t?.text === 'void') continue;
      const pname = d ? declaratorName(d) : '';
      const ptext = t ? (d ? `${t.text} ${d.text}` : t.text) : p.text;
      params.push({ name: pname ?? '', type: ptext.replace(/\s+/g, ' ').trim() });
      if (pname && t) vars.set(pname, baseTypeName(t.text));
    }
    const specifiers = kids(node)
      .filter((c) => c.type === 'storage_class_specifier')
      .map((c) => c.text);
    const typeNode = node.childForFieldName('type');
    const fact: FunctionFact = {
      name: nameNode.text,
      span: span(node),
      nameLoc: loc(nameNode),
      isStatic: specifiers.includes('static'),
      isInline:
        specifiers.includes('inline') ||
        specifiers.includes('__inline') ||
        specifiers.includes('__inline__') ||
        annotations.some((a) => INLINE_ANNOTATIONS.includes(a)),
      isWeak:
        annotations.some((a) => WEAK_ANNOTATIONS.includes(a)) ||
        WEAK_ATTRIBUTE.test(headText) ||
        headMarks.some((m) => m.word === ATTRIBUTE_MACRO && /\bweak\b/.test(m.arg ?? '')),
      params,
      returnType: typeNode ? typeNode.text : 'int',
      returnsPointer: declarator !== null && declarator.type === 'pointer_declarator',
      annotations,
      lockAnnotations,
      conditions: conditionsOf(node),
      locals: {},
      leadingComment: leadingComment(node),
    };
    const index = facts.functions.push(fact) - 1;
    if (body) {
      const ctx: FnContext = { index, vars };
      const kinds = bodyNodesByType(body);
      collectLocals(kinds.get('declaration') ?? [], ctx);
      fact.locals = Object.fromEntries([...vars].filter(([k]) => !params.some((p) => p.name === k)));
      walkBody(kinds, ctx);
    }
  };

  const collectLocals = (declarations: readonly Node[], ctx: FnContext): void => {
    for (const decl of declarations) {
      const t = decl.childForFieldName('type');
      if (!t) continue;
      const base = baseTypeName(t.text);
      for (const d of decl.childrenForFieldName('declarator')) {
        const name = d ? declaratorName(d) : undefined;
        if (name) ctx.vars.set(name, base);
      }
    }
  };

  const walkBody = (kinds: ReadonlyMap<string, readonly Node[]>, ctx: FnContext): void => {
    for (const call of kinds.get('call_expression') ?? []) addCall(call, ctx);
    for (const assign of kinds.get('assignment_expression') ?? []) addAssignmentBinding(assign, ctx);
    for (const list of kinds.get('initializer_list') ?? []) {
      if (list.parent?.type !== 'init_declarator') continue;
      const decl = list.parent.parent;
      const t = decl?.childForFieldName('type');
      const holder = declaratorName(list.parent) ?? '';
      if (t) addInitializerBindings(list, baseTypeName(t.text), holder, ctx.index);
    }
    for (const err of kinds.get('ERROR') ?? []) {
      facts.errorNodes++;
      facts.errorBytes += err.endIndex - err.startIndex;
      if (facts.problems.length < 20)
        facts.problems.push({
          loc: loc(err),
          message: `syntax the C grammar could not parse in ${facts.functions[ctx.index]!.name}()`,
        });
    }
  };

  const addCall = (call: Node, ctx: FnContext): void => {
    const fnNode = call.childForFieldName('function');
    if (!fnNode) return;
    const argsNode = call.childForFieldName('arguments');
    const argNodes = argsNode ? kids(argsNode).filter((a) => a.type !== 'comment') : [];
    const args = argNodes.map((a) => a.text);
    let fact: CallFact;
    if (fnNode.type === 'identifier') {
      const isVar = ctx.vars.has(fnNode.text);
      fact = {
        caller: ctx.index,
        callee: fnNode.text,
        kind: isVar ? 'pointer' : 'direct',
        calleeText: fnNode.text,
        loc: loc(fnNode),
        args,
      };
    } else if (fnNode.type === 'field_expression') {
      const field = fnNode.childForFieldName('field');
      const object = fnNode.childForFieldName('argument');
      fact = {
        caller: ctx.index,
        callee: field?.text ?? '',
        kind: 'pointer',
        calleeText: fnNode.text,
        loc: loc(fnNode),
        args,
      };
      const receiver = object ? receiverOf(object, ctx) : undefined;
      if (receiver) fact.receiver = receiver;
    } else {
      const inner = stripParens(fnNode);
      const name =
        inner.type === 'pointer_expression' ? (inner.childForFieldName('argument')?.text ?? inner.text) : inner.text;
      fact = { caller: ctx.index, callee: name, kind: 'pointer', calleeText: fnNode.text, loc: loc(fnNode), args };
    }
    facts.calls.push(fact);
    const via = fact.kind === 'direct' && registrars.has(fact.callee) ? fact.callee : '';
    for (const a of argNodes) {
      const fn = functionOf(a);
      if (fn && !ctx.vars.has(fn.text)) facts.functionRefs.push({ caller: ctx.index, fn: fn.text, loc: loc(fn), via });
    }
  };

  const addAssignmentBinding = (assign: Node, ctx: FnContext): void => {
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (!left || !right) return;
    const fn = functionOf(right);
    if (!fn || ctx.vars.has(fn.text)) return;
    facts.functionRefs.push({ caller: ctx.index, fn: fn.text, loc: loc(fn), via: '' });
    if (left.type !== 'field_expression') return;
    const field = left.childForFieldName('field');
    const object = left.childForFieldName('argument');
    const receiver = object ? receiverOf(object, ctx) : undefined;
    if (field && receiver)
      facts.opsBindings.push({ field: field.text, fn: fn.text, loc: loc(fn), holder: '', receiver });
  };

  const pending: Node[] = [tree.rootNode];
  while (pending.length) {
    const node = pending.pop()!;
    if (visitTop(node)) pending.push(...kids(node).reverse());
  }
  facts.declaredNames = [...declared].sort();
  return facts;
}

/** The identifier a value names when it can be a function: `fn`, `&fn`, `(fn)`, a cast of either. */
function functionOf(value: Node): Node | null {
  let v = stripParens(value);
  if (v.type === 'cast_expression') v = stripParens(v.childForFieldName('value') ?? v);
  if (v.type === 'pointer_expression' && v.children[0]?.type === '&')
    v = stripParens(v.childForFieldName('argument') ?? v);
  return v.type === 'identifier' ? v : null;
}

function stripParens(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  return n;
}

/** Follows `a->b.c[i]->` down to the base variable, collecting the field names outermost last. */
function receiverOf(object: Node, ctx: FnContext): Receiver | undefined {
  const fields: string[] = [];
  let n: Node = stripParens(object);
  for (;;) {
    if (n.type === 'field_expression') {
      const f = n.childForFieldName('field');
      if (!f) return undefined;
      fields.unshift(f.text);
      n = stripParens(n.childForFieldName('argument') ?? n);
    } else if (n.type === 'subscript_expression') {
      n = stripParens(n.childForFieldName('argument') ?? n);
    } else if (n.type === 'pointer_expression') {
      n = stripParens(n.childForFieldName('argument') ?? n);
    } else break;
  }
  if (n.type !== 'identifier') return undefined;
  const receiver: Receiver = { baseVar: n.text, fields };
  const t = ctx.vars.get(n.text);
  if (t) receiver.baseType = t;
  return receiver;
}

/** The comment block right above a definition, joined; contracts in prose live here. */
function leadingComment(node: Node): string {
  const parts: string[] = [];
  let prev = node.previousSibling;
  let lastRow = node.startPosition.row;
  while (prev && prev.type === 'comment' && lastRow - prev.endPosition.row <= 1) {
    parts.unshift(prev.text);
    lastRow = prev.startPosition.row;
    prev = prev.previousSibling;
  }
  return parts.join('\n');
}

const BODY_NODE_TYPES = ['declaration', 'call_expression', 'assignment_expression', 'initializer_list'];

/**
 * The body's nodes of the types extraction reads, each list in document order: two walks of the tree, not five.
 * ERROR gets a walk of its own: web-tree-sitter 0.25.10's descendantsOfType finds nothing when 'ERROR' is one
 * of several types.
 */
function bodyNodesByType(body: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  // A body without syntax errors has no ERROR node: most bodies are walked once, not twice.
  const errors = body.hasError ? body.descendantsOfType('ERROR') : [];
  for (const node of [...body.descendantsOfType(BODY_NODE_TYPES), ...errors]) {
    if (!node) continue;
    const list = out.get(node.type);
    if (list) list.push(node);
    else out.set(node.type, [node]);
  }
  return out;
}
