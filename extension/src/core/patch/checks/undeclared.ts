// Patch-local check: an identifier used on a line the series added, inside a function body, that is
// declared nowhere: not a local or parameter of that function, nor a global, macro, enum constant,
// typedef or function anywhere in the indexed tree. Pure: reads the post-image, never the disk.

import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../rules/finding.js';
import type { RuleMeta } from '../../rules/rule.js';
import { declaratorName, findFunctionDeclarator, kids } from '../../syntax/nodes.js';
import type { Snapshot } from '../../workspace/workspace.js';
import type { PatchMail } from '../types.js';
import { patchFinding, patchLineNote, touchesAdded, type PostImage } from './post-image.js';

export const UNDECLARED_META: RuleMeta = {
  id: 'undeclared-identifier',
  severity: 'error',
  description: 'An identifier on a line the patch adds is declared nowhere: not in the function, nor anywhere in the indexed tree.',
  messages: {
    undeclared: '`{{name}}` is not declared: not a local or parameter of {{fn}}(), nor a global, macro, enum constant or function in the indexed tree',
  },
};

/**
 * Names that come from headers outside the indexed scope (arch/, include/asm-generic/, uapi) in every
 * kernel, used as values or types: not reported, since the index cannot see where they are declared.
 */
const DECLARED_OUTSIDE_SCOPE = new Set([
  'current', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'size_t', 'ssize_t', 'uintptr_t', 'ptrdiff_t',
  'bool', 'true', 'false', 'phys_addr_t', 'resource_size_t', 'gfp_t', 'pgprot_t', 'pte_t', 'pmd_t', 'pud_t', 'p4d_t', 'pgd_t',
]);

/** Macros taking a type and a member name after their first argument (`container_of(p, struct page, lru)`, list iterators). */
const MEMBER_MACRO = /(^|_)entry(_|$)|^container_of|^offsetof|^sizeof_field$|^typeof_member$/;
/** Macros whose first argument is a type (`min_t(u64, a, b)`). */
const TYPE_FIRST_MACRO = /_t$/;
/** Macros that declare their first argument (`DEFINE_MUTEX(lock)`, `LIST_HEAD(pages)`). */
const DECLARING_MACRO = /^(DEFINE|DECLARE)_[A-Z0-9_]+$|^[A-Z0-9_]*_HEAD$/;
const MACRO_LIKE = /^[A-Z][A-Z0-9_]*$/;
/** Keywords tree-sitter can leave as identifiers when a macro argument is a type (`container_of(p, struct page, lru)`). */
const KEYWORDS = new Set(['struct', 'union', 'enum', 'const', 'volatile', 'unsigned', 'signed', 'int', 'long', 'short', 'char', 'void', 'typeof', 'sizeof']);

/** Every name declared at file scope or as a function anywhere in the snapshot (post-series). */
export function treeNames(snapshot: Snapshot): Set<string> {
  const names = new Set<string>();
  for (const { facts } of snapshot.files.values()) {
    for (const n of facts.declaredNames) names.add(n);
    for (const f of facts.functions) names.add(f.name);
    for (const n of Object.keys(facts.globals)) names.add(n);
    for (const n of Object.keys(facts.typedefs)) names.add(n);
  }
  return names;
}

/**
 * True when some indexed file declares `name` with a file-scope macro (`DEFINE_STATIC_PERCPU_RWSEM(x);`,
 * `static LIST_HEAD(x);`, `DEFINE_PER_CPU(int, x);`), which the index facts do not list as declarations.
 * Files whose text the snapshot did not keep cannot be searched.
 */
export function declaredByMacro(snapshot: Snapshot, name: string): boolean {
  const pattern = new RegExp(`^[\\t ]*(?:static\\s+|extern\\s+)*[A-Z_][A-Z0-9_]*\\s*\\([^;{}]*\\b${name}\\b[^;{}]*\\)\\s*;`, 'm');
  for (const path of snapshot.files.keys()) {
    const text = snapshot.text(path);
    if (text !== undefined && text.includes(name) && pattern.test(text)) return true;
  }
  return false;
}

export function undeclaredIdentifiers(image: PostImage, known: (name: string) => boolean, mails: readonly PatchMail[]): Finding[] {
  const findings: Finding[] = [];
  for (const fnNode of image.root.descendantsOfType('function_definition')) {
    const body = fnNode?.childForFieldName('body');
    if (!fnNode || !body || !touchesAdded(image, body)) continue;
    const declarator = fnNode.childForFieldName('declarator');
    const fnDecl = declarator ? findFunctionDeclarator(declarator) : null;
    const fnName = fnDecl?.childForFieldName('declarator')?.text ?? '';
    const local = localNames(fnDecl, body);
    const skipped = memberArgumentRanges(image, body);
    const reported = new Set<string>();
    for (const id of body.descendantsOfType('identifier')) {
      if (!id || reported.has(id.text) || !image.added(id.startPosition.row + 1)) continue;
      const name = id.text;
      if (local.has(name) || DECLARED_OUTSIDE_SCOPE.has(name) || KEYWORDS.has(name)) continue;
      if (MACRO_LIKE.test(name) || name.startsWith('__') || isCallee(id) || inUnreliableSyntax(id, body)) continue;
      if (skipped.some(([from, to]) => id.startIndex >= from && id.endIndex <= to)) continue;
      if (known(name)) continue;
      reported.add(name);
      const added = image.added(id.startPosition.row + 1)!;
      findings.push(patchFinding({
        ruleId: UNDECLARED_META.id,
        severity: UNDECLARED_META.severity,
        messageId: 'undeclared',
        message: UNDECLARED_META.messages.undeclared!.replace('{{name}}', name).replace('{{fn}}', fnName),
        file: image.path,
        loc: { line: id.startPosition.row + 1, column: id.startPosition.column },
        fn: fnName,
        related: [patchLineNote(mails, added)],
        detail: name,
      }));
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
  for (const call of body.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier' || !DECLARING_MACRO.test(callee.text)) continue;
    const first = kids(call.childForFieldName('arguments') ?? call)[0];
    if (first?.type === 'identifier') names.add(first.text);
  }
  return names;
}

function isCallee(id: Node): boolean {
  const parent = id.parent;
  return parent?.type === 'call_expression' && parent.childForFieldName('function')?.startIndex === id.startIndex;
}

/** Inside ERROR recovery or a preprocessor line nothing about the identifier's role can be trusted. */
function inUnreliableSyntax(id: Node, stop: Node): boolean {
  for (let n = id.parent; n && n.startIndex >= stop.startIndex && n.id !== stop.id; n = n.parent) {
    if (n.type === 'ERROR' || n.type.startsWith('preproc_')) return true;
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
    if (TYPE_FIRST_MACRO.test(callee.text) && args[0]) ranges.push([args[0].startIndex, args[0].endIndex]);
  }
  // Iterator macros were rewritten to `while (args)`: their member argument is the text after the last top-level comma.
  for (const it of image.blanked.iterators) {
    if (!MEMBER_MACRO.test(it.word) || it.arg === undefined || it.offset < body.startIndex || it.offset > body.endIndex) continue;
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
