// Patch-local check: an identifier used on a line the series added, inside a function body, that is
// declared nowhere: not a local or parameter of that function, nor a global, macro, enum constant,
// typedef or function anywhere in the indexed tree. Pure: reads the post-image, never the disk.

import { MAX_NESTING } from '../../syntax/body.js';
import type { Node } from 'web-tree-sitter';
import type { RuleMeta } from '../../rules/rule.js';
import { declaratorName, findFunctionDeclarator, kids } from '../../syntax/nodes.js';
import type { Snapshot } from '../../workspace/workspace.js';
import type { PatchMail } from '../types.js';
import { MacroTable } from './macro-args.js';
import { patchFinding, patchLineNote, touchesAdded, type PostImage } from './post-image.js';
import type { Finding } from '../../model/finding.js';
import { DECLARED_OUTSIDE_SCOPE, ITERATOR_MACRO, MEMBER_MACRO } from '../../kernel/c-names.js';

export const UNDECLARED_META: RuleMeta = {
  id: 'undeclared-identifier',
  severity: 'error',
  description:
    'A variable name on a line the patch adds is declared neither in its function nor anywhere in the indexed tree, though functions of the same file or directory have a variable of that name.',
  messages: {
    undeclared:
      '`{{name}}` is not declared in {{fn}}(): no local or parameter there, nor a global, macro, enum constant or function in the indexed tree ({{other}} has a variable `{{name}}`)',
  },
  review: { question: 'Does this build?' },
};

/** Macros whose first argument is a type (`min_t(u64, a, b)`). */
const TYPE_FIRST_MACRO = /_t$/;
/** Macros that declare their first argument (`DEFINE_MUTEX(lock)`, `LIST_HEAD(pages)`). */
const DECLARING_MACRO = /^(DEFINE|DECLARE)_[A-Z0-9_]+$|^[A-Z0-9_]*_HEAD$/;
const MACRO_LIKE = /^_*[A-Z][A-Z0-9_]*$/;
/** Keywords tree-sitter can leave as identifiers when a macro argument is a type (`container_of(p, struct page, lru)`). */
const KEYWORDS = new Set([
  'struct',
  'union',
  'enum',
  'const',
  'volatile',
  'unsigned',
  'signed',
  'int',
  'long',
  'short',
  'char',
  'void',
  'typeof',
  'sizeof',
]);

/**
 * What the indexed tree (after the series) declares: file-scope names and functions from the facts,
 * names declared by file-scope macros (searched in the kept texts, on demand), and the variable names
 * (locals, parameters) of every function, which is what a wrong name in new code usually is.
 */
export class NameIndex {
  private readonly declared = new Set<string>();
  private macroTable: MacroTable | undefined;
  /** Variable name -> functions that have a local or parameter of that name, with their files. */
  private readonly variables = new Map<string, { fn: string; file: string }[]>();

  constructor(private readonly snapshot: Snapshot) {
    for (const { facts } of snapshot.files.values()) {
      for (const n of facts.declaredNames) this.declared.add(n);
      for (const n of Object.keys(facts.globals)) this.declared.add(n);
      for (const n of Object.keys(facts.typedefs)) this.declared.add(n);
      for (const f of facts.functions) {
        this.declared.add(f.name);
        for (const v of new Set([...f.params.map((p) => p.name), ...Object.keys(f.locals)])) {
          if (!v) continue;
          const list = this.variables.get(v) ?? [];
          list.push({ fn: f.name, file: facts.path });
          this.variables.set(v, list);
        }
      }
    }
  }

  /** Declared by the facts, or by a file-scope macro anywhere (or pasted from one in `file`). */
  isDeclared(name: string, file: string): boolean {
    return this.declared.has(name) || this.macros().declaresName(name, file);
  }

  /** Macro definitions and file-scope macro arguments of the kept texts, read when first needed. */
  macros(): MacroTable {
    this.macroTable ??= new MacroTable(this.snapshot);
    return this.macroTable;
  }

  /** A function in `file`, or else in its directory, with a local or parameter of this name. */
  variableElsewhere(name: string, file: string): { fn: string; file: string } | undefined {
    const holders = this.variables.get(name) ?? [];
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    return (
      holders.find((h) => h.file === file) ??
      holders.find((h) => h.file.startsWith(dir) && !h.file.slice(dir.length).includes('/'))
    );
  }
}

export function undeclaredIdentifiers(image: PostImage, names: NameIndex, mails: readonly PatchMail[]): Finding[] {
  const findings: Finding[] = [];
  for (const fnNode of image.root.descendantsOfType('function_definition')) {
    const body = fnNode?.childForFieldName('body');
    if (!fnNode || !body || !touchesAdded(image, body)) continue;
    const declarator = fnNode.childForFieldName('declarator');
    const fnDecl = declarator ? findFunctionDeclarator(declarator) : null;
    const fnName = fnDecl?.childForFieldName('declarator')?.text ?? '';
    // A keyword or no name: the grammar lost its way in this function; its identifiers cannot be trusted.
    // An ALL-CAPS name is a file-scope macro read as a function; a nested definition means the body swallowed others.
    if (
      !/^[A-Za-z_]\w*$/.test(fnName) ||
      KEYWORDS.has(fnName) ||
      /^(if|while|for|switch|return|do|else|case|goto)$/.test(fnName)
    )
      continue;
    if (MACRO_LIKE.test(fnName) || body.descendantsOfType('function_definition').some((n) => n !== null)) continue;
    // System call heads are rewritten from SYSCALL_DEFINE macros whose argument macros cannot be expanded.
    if (/^(compat_)?sys_/.test(fnName)) continue;
    // Kernel style closes a function with `}` in column 0: a body that runs past one swallowed what follows.
    const closing = image.text.slice(body.startIndex).search(/\n\}/);
    const lastRow =
      closing < 0
        ? body.endPosition.row
        : body.startPosition.row +
          (image.text.slice(body.startIndex, body.startIndex + closing).match(/\n/g)?.length ?? 0) +
          1;
    const local = localNames(fnDecl, body);
    const skipped = memberArgumentRanges(image, body);
    const reported = new Set<string>();
    for (const id of body.descendantsOfType('identifier')) {
      if (!id || reported.has(id.text) || id.startPosition.row > lastRow || !image.added(id.startPosition.row + 1))
        continue;
      const name = id.text;
      if (local.has(name) || DECLARED_OUTSIDE_SCOPE.has(name) || KEYWORDS.has(name)) continue;
      // `_etext`, `__va`: underscore names are linker symbols and arch internals from headers outside the index.
      if (MACRO_LIKE.test(name) || name.startsWith('_') || isCallee(id) || inUnreliableSyntax(id, body)) continue;
      if (skipped.some(([from, to]) => id.startIndex >= from && id.endIndex <= to)) continue;
      // Only a name that is a variable somewhere else is reported: a name that is nothing anywhere in the
      // index is more often declared by a header or macro outside it than misspelt.
      const elsewhere = names.variableElsewhere(name, image.path);
      if (!elsewhere || names.isDeclared(name, image.path)) continue;
      if (macroStatementNames(body, names.macros()).has(name) || !usedAsValue(image, id, body, names.macros()))
        continue;
      reported.add(name);
      const added = image.added(id.startPosition.row + 1)!;
      findings.push(
        patchFinding({
          ruleId: UNDECLARED_META.id,
          severity: UNDECLARED_META.severity,
          messageId: 'undeclared',
          message: UNDECLARED_META.messages.undeclared!.replace(
            /\{\{(\w+)\}\}/g,
            (_, k: string) =>
              ({
                name,
                fn: fnName,
                other: elsewhere.file === image.path ? `${elsewhere.fn}()` : `${elsewhere.fn}() in ${elsewhere.file}`,
              })[k] ?? '',
          ),
          file: image.path,
          loc: { line: id.startPosition.row + 1, column: id.startPosition.column },
          fn: fnName,
          related: [patchLineNote(mails, added)],
          detail: name,
        }),
      );
    }
  }
  return findings;
}

/** Parameters, every declaration in the body (any block), local macros and enumerators, macro-declared names. */
function localNames(fnDecl: Node | null, body: Node): Set<string> {
  const names = new Set<string>();
  const params = fnDecl?.childForFieldName('parameters');
  for (const p of params ? kids(params) : []) {
    const d = p.childForFieldName('declarator');
    const name = d ? declaratorName(d) : undefined;
    if (name) names.add(name);
  }
  for (const decl of body.descendantsOfType(['declaration', 'preproc_def', 'preproc_function_def', 'enumerator'])) {
    if (!decl) continue;
    if (decl.type !== 'declaration') {
      const name = decl.childForFieldName('name')?.text;
      if (name) names.add(name);
      continue;
    }
    for (const d of decl.childrenForFieldName('declarator')) {
      const name = d ? declaratorName(d) : undefined;
      if (name) names.add(name);
    }
  }
  // `typeof(x) *y;` is read by the grammar as a multiplication: y is declared all the same.
  for (const m of body.text.matchAll(/\b(?:typeof|__typeof__|__typeof)\s*\([^;]*?\)\s*\**\s*([A-Za-z_]\w*)\s*[;=,[]/g))
    names.add(m[1]!);
  for (const call of body.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier' || !DECLARING_MACRO.test(callee.text)) continue;
    const first = kids(call.childForFieldName('arguments') ?? call)[0];
    if (first?.type === 'identifier') names.add(first.text);
  }
  return names;
}

/**
 * Names a macro statement in the function may declare (`XA_STATE(xas, ...)`, `VMA_ITERATOR(vmi, mm, 0)`,
 * `DEFINE_MIN_SEQ(lruvec)` which declares `min_seq`): its identifier arguments and the names in its bodies.
 */
function macroStatementNames(body: Node, macros: MacroTable): Set<string> {
  const names = new Set<string>();
  // Read from the text: the grammar makes declarations, calls or ERROR nodes of these, depending on the macro.
  for (const m of body.text.matchAll(/^[ \t]*(?:static\s+)?([A-Z][A-Z0-9_]*)\s*\(([^;]*);/gm)) {
    for (const id of m[2]!.match(/[A-Za-z_]\w*/g) ?? []) names.add(id);
    for (const id of macros.bodyNames(m[1]!)) names.add(id);
  }
  return names;
}

/** False when an enclosing macro uses this argument only as a member, type or pasted token. */
function usedAsValue(image: PostImage, id: Node, body: Node, macros: MacroTable): boolean {
  for (let n: Node | null = id; n && n.id !== body.id; n = n.parent) {
    const list = n.parent;
    const call = list?.type === 'argument_list' ? list.parent : null;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (!list || callee?.type !== 'identifier') continue;
    // Count commas in the text: `struct x` or `<` as an argument turns parts of the list into ERROR nodes.
    const index = topLevelCommas(list.text.slice(1, n.startIndex - list.startIndex));
    if (macros.argumentUse(callee.text, index) === 'not-value') return false;
  }
  for (const it of image.blanked.iterators) {
    if (it.arg === undefined) continue;
    const open = image.blanked.text.indexOf('(', it.offset) + 1;
    if (id.startIndex < open || id.endIndex > open + it.arg.length) continue;
    const index = topLevelCommas(it.arg.slice(0, id.startIndex - open));
    if (macros.argumentUse(it.word, index) === 'not-value') return false;
  }
  return true;
}

function topLevelCommas(text: string): number {
  let depth = 0;
  let commas = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) commas++;
  }
  return commas;
}

function isCallee(id: Node): boolean {
  const parent = id.parent;
  return parent?.type === 'call_expression' && parent.childForFieldName('function')?.startIndex === id.startIndex;
}

const STATEMENT = new Set([
  'expression_statement',
  'declaration',
  'return_statement',
  'condition_clause',
  'parenthesized_expression',
]);

/**
 * Inside a preprocessor line, or in a statement the grammar could not fully parse (a macro taking a type:
 * `__generic_field(char *, comm, ...)` becomes a comma expression beside an ERROR), nothing about the
 * identifier's role can be trusted.
 */
function inUnreliableSyntax(id: Node, stop: Node): boolean {
  let statementChecked = false;
  let depth = 0;
  for (let n = id.parent; n && n.startIndex >= stop.startIndex && n.id !== stop.id; n = n.parent) {
    // Each step up costs tree-sitter a walk from the root: nesting this deep is generated or hostile text.
    if (++depth > MAX_NESTING) return true;
    if (n.type === 'ERROR' || n.type.startsWith('preproc_')) return true;
    if (!statementChecked && STATEMENT.has(n.type)) {
      statementChecked = true;
      if (n.hasError) return true;
    }
  }
  return false;
}

/** Source ranges of arguments that are member names or types, for calls and for iterator loops. */
function memberArgumentRanges(image: PostImage, body: Node): [number, number][] {
  const ranges: [number, number][] = [];
  for (const call of body.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier') continue;
    const args = kids(call.childForFieldName('arguments') ?? call).filter((a) => a.type !== 'comment');
    const last = args[args.length - 1];
    if (MEMBER_MACRO.test(callee.text) && last && args.length > 1) ranges.push([args[1]!.startIndex, last.endIndex]);
    else if (ITERATOR_MACRO.test(callee.text) && last && args.length > 1) ranges.push([last.startIndex, last.endIndex]);
    if (TYPE_FIRST_MACRO.test(callee.text) && args[0]) ranges.push([args[0].startIndex, args[0].endIndex]);
  }
  // Iterator macros were rewritten to `while (args)`: their member argument is the text after the last top-level comma.
  for (const it of image.blanked.iterators) {
    if (
      !(MEMBER_MACRO.test(it.word) || ITERATOR_MACRO.test(it.word)) ||
      it.arg === undefined ||
      it.offset < body.startIndex ||
      it.offset > body.endIndex
    )
      continue;
    const open = image.blanked.text.indexOf('(', it.offset);
    const comma = lastTopLevelComma(it.arg);
    if (open >= 0 && comma >= 0) ranges.push([open + 1 + comma + 1, open + 1 + it.arg.length]);
  }
  return ranges;
}

function lastTopLevelComma(text: string): number {
  let depth = 0;
  let last = -1;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) last = k;
  }
  return last;
}
