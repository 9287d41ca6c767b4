// Reading a finding back through its rule's own templates: the placeholder values of its message, the
// function it is about, and the question a reviewer asks about it. Every word comes from the rule's meta.

import type { Finding } from '../model/finding.js';
import type { RuleMeta } from './rule.js';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const patterns = new Map<string, RegExp>();

/** The values the rule filled into its message template, recovered from the message. */
export function messageData(meta: RuleMeta, f: Finding): Record<string, string> {
  const template = meta.messages[f.messageId];
  if (template === undefined) return {};
  const key = `${meta.id}|${f.messageId}`;
  let re = patterns.get(key);
  if (!re) {
    const seen = new Set<string>();
    let source = '';
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      source += escape(template.slice(last, m.index));
      const name = m[1]!;
      source += seen.has(name) ? `\\k<${name}>` : `(?<${name}>[\\s\\S]*?)`;
      seen.add(name);
      last = m.index + m[0].length;
    }
    source += escape(template.slice(last));
    re = new RegExp(`^${source}$`);
    patterns.set(key, re);
  }
  return { ...(re.exec(f.message)?.groups ?? {}) };
}

/**
 * The function a finding is about: the call its message starts with (`{{callee}}() called with ...`),
 * else the last call of its chain, else the function it is in.
 */
export function subjectOf(meta: RuleMeta | undefined, f: Finding): string {
  const template = meta?.messages[f.messageId];
  const first = template ? /^\{\{\s*(\w+)\s*\}\}\(\)/.exec(template)?.[1] : undefined;
  const named = first && meta ? messageData(meta, f)[first] : undefined;
  return named || (f.chain[f.chain.length - 1]?.callee ?? f.function);
}

/** The rule's review question about a finding, with `{{subject}}` and `{{function}}` filled in. */
export function reviewQuestion(meta: RuleMeta | undefined, f: Finding): string {
  const template = meta?.review.question ?? 'Is this intended?';
  const values: Record<string, string> = { subject: subjectOf(meta, f), function: f.function };
  return template.replace(PLACEHOLDER, (whole, k: string) => values[k] ?? whole);
}

/** The text as a sentence: a full stop added unless it ends in one (or in ? or !). */
export function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
