// Decides whether one object or subdirectory of a directory is built, and says why not when it is not.
// Only a decided fact excludes: a word no list mentions, or one whose fate is unclear, counts as built.

import { BUILT_LISTS, COMPOSITE_SUFFIXES } from '../kernel/kbuild.js';
import { expand, hasUnknown, rawWordPattern, referencedNames } from './expand.js';
import type { BuiltSet, MakeEvaluation, Mention } from './evaluate.js';

export interface ReadKbuild {
  path: string;
  evaluation: MakeEvaluation;
  built: BuiltSet;
}

const MAX_COMPOSITE_DEPTH = 4;

/** Why `word` (`foo.o` or `dir/`) is not built by this file, or undefined when it is (or may be). */
export function notBuiltReason(kb: ReadKbuild, word: string, depth = 0): string | undefined {
  if (kb.evaluation.opaque || kb.built.has(word)) return undefined;
  for (const m of kb.evaluation.mentions) {
    if (!m.expanded.includes(word) && !rawWordPattern(m.word).test(word)) continue;
    const reason = mentionReason(kb, m, word, depth);
    if (reason) return reason;
  }
  return undefined;
}

function mentionReason(kb: ReadKbuild, m: Mention, word: string, depth: number): string | undefined {
  const at = `${kb.path}:${m.line}`;
  if (m.ran === false && m.guard) {
    return `inside ${m.guard.text} at ${kb.path}:${m.guard.line}, ${describe(kb, m.guard.text) ?? 'which is false'}`;
  }
  if (m.ran !== true) return undefined;
  if (!m.expanded.includes(word)) {
    const facts = describe(kb, m.word);
    return facts && !m.expanded.some(hasUnknown)
      ? `${m.word} in ${at} is ${m.expanded.join(' ') || 'empty'}, ${facts}`
      : undefined;
  }
  if (m.target.includes('$') && m.names.every((n) => !BUILT_LISTS.includes(n) && !isCompositeName(n))) {
    const facts = describe(kb, m.target);
    return facts ? `${m.target} in ${at}, ${facts}` : undefined;
  }
  for (const name of m.names) {
    const later = kb.evaluation.replaced.get(name)?.find((r) => r.line > m.stmtLine);
    if (later) {
      const facts = describe(kb, later.target);
      return `${m.target} ${m.op} ${m.word} in ${at} is replaced by ${later.target} ${later.op} at line ${later.line}${facts ? `, ${facts}` : ''}`;
    }
  }
  if (depth >= MAX_COMPOSITE_DEPTH) return undefined;
  for (const name of m.names) {
    const suffix = COMPOSITE_SUFFIXES.find((s) => name.endsWith(s));
    if (!suffix) continue;
    const whole = `${name.slice(0, -suffix.length)}.o`;
    const inner = notBuiltReason(kb, whole, depth + 1);
    if (inner) return `part of ${whole} (${m.target} in ${at}), which is not built: ${inner}`;
  }
  return undefined;
}

function isCompositeName(name: string): boolean {
  return COMPOSITE_SUFFIXES.some((s) => name.endsWith(s) && name.length > s.length);
}

/** The values of the variables a piece of text refers to: `CONFIG_X86_32 unset`, `BITS=64`; undefined if any is unknown. */
function describe(kb: ReadKbuild, text: string): string | undefined {
  const facts: string[] = [];
  for (const name of referencedNames(text)) {
    const value = expand(`$(${name})`, kb.evaluation.scope).trim();
    if (hasUnknown(value)) return undefined;
    if (name.startsWith('CONFIG_')) facts.push(value === '' ? `${name} unset` : `${name}=${value}`);
    else facts.push(value === '' ? `${name} empty` : `${name}=${value}`);
  }
  return facts.length > 0 ? facts.join(', ') : undefined;
}
