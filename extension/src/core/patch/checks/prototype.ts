// Patch-local check: a prototype and a definition of one function that disagree on the number or types
// of their parameters (one side added by the series), or on their names (both sides added by it:
// `bool private_mem` in the header, `bool mapping` in the .c file). Pure: works on parsed post-images.

import type { Node } from 'web-tree-sitter';
import type { RuleMeta } from '../../rules/rule.js';
import { BLANKED_WORDS } from '../../kernel/annotations.js';
import { declaratorName, findFunctionDeclarator, kids } from '../../syntax/nodes.js';
import type { AddedLine } from '../linemap.js';
import type { PatchMail } from '../types.js';
import { patchFinding, patchLineNote, touchesAdded, type PostImage } from './post-image.js';
import type { Finding } from '../../model/finding.js';
import type { RelatedLoc } from '../../model/location.js';

export const PROTOTYPE_META: RuleMeta = {
  id: 'prototype-mismatch',
  severity: 'warning',
  description: 'A prototype and the definition of the same function disagree on their parameters.',
  messages: {
    count: '{{fn}}() is declared with {{protoCount}} parameters at {{protoAt}} but defined with {{defCount}}',
    type: '{{fn}}(): parameter {{index}} is `{{protoParam}}` in the prototype at {{protoAt}} but `{{defParam}}` in the definition',
    name: '{{fn}}(): parameter {{index}} is named `{{protoName}}` in the prototype at {{protoAt}} but `{{defName}}` in the definition ({{type}}); do they mean the same?',
  },
  review: { question: 'Do the prototype and the definition mean the same thing here?' },
};

export interface Param {
  name: string;
  /** Type text without the name, whitespace normalised (`struct vmem_altmap *`). */
  type: string;
  /** Post-image line (1-based) and column of the parameter declaration. */
  line: number;
  column: number;
  /** The mail `+` line of the parameter, when the series added it. */
  added?: AddedLine;
}

/** One prototype or definition as found in a post-image. */
export interface Signature {
  name: string;
  file: string;
  /** Post-image line (1-based) and column of the function name. */
  line: number;
  column: number;
  params: Param[];
  isStatic: boolean;
  isDefinition: boolean;
  /** The first added line of the declaration head, if the series added any of it. */
  added?: AddedLine;
}

const ANNOTATION = new Set([...BLANKED_WORDS, 'extern', 'register', 'static', 'inline']);
const C_TYPE_WORDS = new Set([
  'void',
  'char',
  'short',
  'int',
  'long',
  'float',
  'double',
  'signed',
  'unsigned',
  'bool',
  '_Bool',
  'const',
  'volatile',
  'restrict',
  'struct',
  'union',
  'enum',
]);

/** Type text without the parameter name and annotations, integer spellings made canonical (`unsigned` = `unsigned int`). */
export function normaliseType(typeWithName: string, name: string): string {
  let text = typeWithName.replace(/\s+/g, ' ');
  if (name) {
    const at = text.search(new RegExp(`\\b${name}\\b(?!.*\\b${name}\\b)`));
    if (at >= 0) text = text.slice(0, at) + text.slice(at + name.length);
  }
  const words = (text.match(/[A-Za-z_]\w*|\*|[()[\],]|\.\.\./g) ?? []).filter((w) => !ANNOTATION.has(w));
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const next = words[k + 1];
    if (w === 'signed' && (next === 'int' || next === 'long' || next === 'short')) continue;
    if (w === 'int' && (out[out.length - 1] === 'long' || out[out.length - 1] === 'short')) continue;
    out.push(w);
    if (w === 'unsigned' && next !== 'int' && next !== 'long' && next !== 'short' && next !== 'char') out.push('int');
  }
  return out.join(' ').replace(/ \*/g, ' *').replace(/\* \*/g, '**').trim();
}

/** Typedef names in a type (`irq_hw_number_t`), which may alias a spelled-out type on the other side. */
function typedefNames(type: string): string {
  const words = type.match(/[A-Za-z_]\w*/g) ?? [];
  return words
    .filter((w, k) => !C_TYPE_WORDS.has(w) && !/^(struct|union|enum)$/.test(words[k - 1] ?? ''))
    .sort()
    .join(' ');
}

/**
 * True when two parameter types surely differ: no function-pointer types (whose own parameter names
 * vary), the same typedef names on both sides (a typedef may alias the other side's spelling), and not
 * only a pointer apart on a typedef (a function typedef decays to a pointer).
 */
function surelyDifferent(a: string, b: string): boolean {
  if (a === b || a.includes('(') || b.includes('(')) return false;
  const names = typedefNames(a);
  if (names !== typedefNames(b)) return false;
  // `filler_t *f` and `filler_t f` are the same when filler_t is a function type (parameters decay).
  return !(names !== '' && a.replace(/ ?\*$/, '') === b.replace(/ ?\*$/, ''));
}

function paramsOf(fnDecl: Node, image: PostImage): Param[] {
  const list = fnDecl.childForFieldName('parameters');
  const params: Param[] = [];
  for (const p of list ? kids(list) : []) {
    const line = p.startPosition.row + 1;
    const column = p.startPosition.column;
    const added = image.added(line);
    if (p.type === 'variadic_parameter') {
      params.push({ name: '...', type: '...', line, column, ...(added ? { added } : {}) });
      continue;
    }
    if (p.type !== 'parameter_declaration') continue;
    const t = p.childForFieldName('type');
    const d = p.childForFieldName('declarator');
    const name = d ? (declaratorName(d) ?? '') : '';
    params.push({
      name,
      type: normaliseType(t ? (d ? `${t.text} ${d.text}` : t.text) : p.text, name),
      line,
      column,
      ...(added ? { added } : {}),
    });
  }
  return params.length === 1 && params[0]!.type === 'void' && params[0]!.name === '' ? [] : params;
}

/** Prototypes at file scope and function definitions in one post-image. */
export function signaturesOf(image: PostImage): Signature[] {
  const out: Signature[] = [];
  for (const node of image.root.descendantsOfType(['declaration', 'function_definition'])) {
    if (!node) continue;
    const isDefinition = node.type === 'function_definition';
    if (!isDefinition && node.parent?.type !== 'translation_unit' && !node.parent?.type.startsWith('preproc_'))
      continue;
    const declarator = isDefinition ? node.childForFieldName('declarator') : node.childrenForFieldName('declarator')[0];
    const fnDecl = declarator ? findFunctionDeclarator(declarator) : null;
    const nameNode = fnDecl?.childForFieldName('declarator');
    if (!fnDecl || !nameNode || nameNode.type !== 'identifier') continue;
    const headEnd = isDefinition
      ? (node.childForFieldName('body')?.startPosition.row ?? node.endPosition.row)
      : node.endPosition.row;
    const sig: Signature = {
      name: nameNode.text,
      file: image.path,
      line: nameNode.startPosition.row + 1,
      column: nameNode.startPosition.column,
      params: paramsOf(fnDecl, image),
      isDefinition,
      isStatic: kids(node).some((c) => c.type === 'storage_class_specifier' && c.text === 'static'),
    };
    if (touchesAdded(image, node, headEnd)) {
      for (let row = node.startPosition.row; row <= headEnd && !sig.added; row++) {
        const added = image.added(row + 1);
        if (added) sig.added = added;
      }
    }
    out.push(sig);
  }
  return out;
}

const at = (s: Signature) => `${s.file}:${s.line}`;

/** Compares every prototype with the non-static definitions of its name (or a static one in its own file). */
export function prototypeMismatches(signatures: readonly Signature[], mails: readonly PatchMail[]): Finding[] {
  const findings: Finding[] = [];
  // An ALL-CAPS name or a keyword is a macro or statement the grammar read as a function.
  // System call heads come from SYSCALL_DEFINE rewriting, whose argument macros cannot be expanded.
  const plausible = (s: Signature) =>
    !/^_*[A-Z][A-Z0-9_]*$/.test(s.name) &&
    !/^(if|while|for|switch|return|sizeof)$/.test(s.name) &&
    !/^(compat_)?sys_/.test(s.name);
  const protos = signatures.filter((s) => !s.isDefinition && plausible(s));
  const defs = signatures.filter((s) => s.isDefinition && plausible(s));
  const pairs: { proto: Signature; def: Signature; difference: Difference | undefined }[] = [];
  for (const proto of protos) {
    for (const def of defs) {
      if (def.name !== proto.name) continue;
      if (def.isStatic ? !(proto.isStatic && proto.file === def.file) : proto.isStatic) continue;
      // Names alone are compared only when the series wrote both sides: older trees disagree on names often.
      pairs.push({ proto, def, difference: compare(proto, def, proto.added !== undefined && def.added !== undefined) });
    }
  }
  // A prototype that agrees with some definition (or an old one beside a definition that agrees with
  // another prototype) is one #ifdef variant among others, not a disagreement.
  const agreeing = new Set(pairs.filter((p) => !p.difference).flatMap((p) => [p.proto, p.def]));
  for (const { proto, def, difference } of pairs) {
    if (!difference || (!proto.added && !def.added) || agreeing.has(proto) || (!proto.added && agreeing.has(def)))
      continue;
    findings.push(mismatchFinding(proto, def, difference, mails));
  }
  return findings;
}

function mismatchFinding(
  proto: Signature,
  def: Signature,
  difference: Difference,
  mails: readonly PatchMail[],
): Finding {
  // Point at the side the series added last: that is the patch that made them disagree.
  const later = !def.added || (proto.added && proto.added.mail > def.added.mail) ? proto : def;
  const other = later === def ? proto : def;
  // A parameter difference points at that parameter on both sides, a count difference at the names.
  const k = difference.index;
  const loc = k === undefined ? later : later.params[k]!;
  const otherLoc = k === undefined ? other : other.params[k]!;
  const related: RelatedLoc[] = [
    {
      file: other.file,
      line: otherLoc.line,
      column: otherLoc.column,
      message: `the ${other.isDefinition ? 'definition' : 'prototype'} of ${proto.name}()`,
    },
    ...[loc.added ?? later.added, otherLoc.added ?? other.added]
      .filter((a): a is AddedLine => a !== undefined)
      .map((a) => patchLineNote(mails, a)),
  ];
  const message = PROTOTYPE_META.messages[difference.messageId]!.replace(
    /\{\{(\w+)\}\}/g,
    (_, key: string) => difference.data[key] ?? '',
  );
  return patchFinding({
    ruleId: PROTOTYPE_META.id,
    severity: difference.severity,
    messageId: difference.messageId,
    message,
    file: later.file,
    loc,
    fn: proto.name,
    related,
    detail: difference.detail,
  });
}

interface Difference {
  messageId: 'count' | 'type' | 'name';
  severity: 'error' | 'warning';
  data: Record<string, string>;
  detail: string;
  /** 0-based index of the parameter that differs. */
  index?: number;
}

function compare(proto: Signature, def: Signature, compareNames: boolean): Difference | undefined {
  const base = { fn: proto.name, protoAt: at(proto) };
  if (proto.params.length !== def.params.length) {
    return {
      messageId: 'count',
      severity: 'error',
      data: { ...base, protoCount: `${proto.params.length}`, defCount: `${def.params.length}` },
      detail: 'count',
    };
  }
  for (const [k, p] of proto.params.entries()) {
    const d = def.params[k]!;
    const index = `${k + 1}`;
    base.protoAt = `${proto.file}:${p.line}`;
    if (surelyDifferent(p.type, d.type)) {
      return {
        messageId: 'type',
        severity: 'error',
        data: { ...base, index, protoParam: joinParam(p), defParam: joinParam(d) },
        detail: `type ${index}`,
        index: k,
      };
    }
  }
  if (!compareNames) return undefined;
  for (const [k, p] of proto.params.entries()) {
    const d = def.params[k]!;
    const index = `${k + 1}`;
    base.protoAt = `${proto.file}:${p.line}`;
    // An unnamed prototype parameter (`int f(int);`) is not a disagreement.
    if (p.name !== '' && p.name !== d.name) {
      return {
        messageId: 'name',
        severity: 'warning',
        data: { ...base, index, protoName: p.name, defName: d.name, type: p.type },
        detail: `name ${index} ${p.name} ${d.name}`,
        index: k,
      };
    }
  }
  return undefined;
}

function joinParam(p: Param): string {
  return p.type.endsWith('*') ? `${p.type}${p.name}` : `${p.type} ${p.name}`.trim();
}
