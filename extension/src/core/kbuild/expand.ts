// Make's variable and function expansion over a variable store. What cannot be known here (a CONFIG_
// symbol the config does not fix, $(shell ...), a variable set outside the files read) expands to UNKNOWN,
// a character no Makefile contains, so the caller can treat such words as "could be anything".

import { MAKE_FUNCTIONS } from '../kernel/kbuild.js';
import { topLevelComma } from './parse.js';

export const UNKNOWN = '\u0001';

export interface MakeVar {
  value: string;
  recursive: boolean;
}

export interface Scope {
  /** A variable's definition here, or undefined when it is not set. */
  get(name: string): MakeVar | undefined;
  /** The value of a variable nothing here sets: '' when Make would say empty, UNKNOWN when set elsewhere. */
  unset(name: string): string;
}

const FUNCTIONS = new Set(MAKE_FUNCTIONS);
const MAX_DEPTH = 32;

export function hasUnknown(text: string): boolean {
  return text.includes(UNKNOWN);
}

export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

export function expand(text: string, scope: Scope, depth = 0): string {
  if (depth > MAX_DEPTH) return UNKNOWN;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next !== '(' && next !== '{') {
      out += lookup(next, scope, depth);
      i++;
      continue;
    }
    const close = matching(text, i + 1);
    if (close < 0) return out + UNKNOWN;
    out += reference(text.slice(i + 2, close), scope, depth);
    i = close;
  }
  return out;
}

/** Index of the bracket closing the one at `open`, counting nested brackets of either kind. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function reference(inner: string, scope: Scope, depth: number): string {
  const fn = /^([a-z][a-z-]*)[ \t]+([\s\S]*)$/.exec(inner);
  if (fn) return FUNCTIONS.has(fn[1]!) ? call(fn[1]!, args(fn[2]!), scope, depth) : UNKNOWN;
  const subst = substitutionRef(inner);
  if (subst) {
    const value = lookup(expand(subst.name, scope, depth + 1), scope, depth);
    return patsubst(expand(subst.from, scope, depth + 1), expand(subst.to, scope, depth + 1), value);
  }
  return lookup(expand(inner, scope, depth + 1), scope, depth);
}

/** `$(var:a=b)`: the `:` and `=` at the top level, outside nested references. */
function substitutionRef(inner: string): { name: string; from: string; to: string } | undefined {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ':' && depth === 0) {
      const rest = inner.slice(i + 1);
      const eq = rest.indexOf('=');
      if (eq < 0) return undefined;
      const from = rest.slice(0, eq);
      const to = rest.slice(eq + 1);
      return {
        name: inner.slice(0, i),
        from: from.includes('%') ? from : `%${from}`,
        to: from.includes('%') ? to : `%${to}`,
      };
    }
  }
  return undefined;
}

function args(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const comma = topLevelComma(rest);
    if (comma < 0) {
      out.push(rest);
      return out;
    }
    out.push(rest.slice(0, comma));
    rest = rest.slice(comma + 1);
  }
}

function lookup(name: string, scope: Scope, depth: number): string {
  if (hasUnknown(name)) return UNKNOWN;
  const v = scope.get(name);
  if (!v) return scope.unset(name);
  return v.recursive ? expand(v.value, scope, depth + 1) : v.value;
}

function call(fn: string, raw: string[], scope: Scope, depth: number): string {
  const arg = (i: number) => expand(raw[i] ?? '', scope, depth + 1);
  const each = (text: string, f: (w: string) => string) =>
    splitWords(text)
      .map((w) => (hasUnknown(w) ? w : f(w)))
      .join(' ');
  switch (fn) {
    case 'addprefix': {
      const p = arg(0);
      return splitWords(arg(1))
        .map((w) => p.trim() + w)
        .join(' ');
    }
    case 'addsuffix': {
      const s = arg(0);
      return splitWords(arg(1))
        .map((w) => w + s.trim())
        .join(' ');
    }
    case 'patsubst':
      return patsubst(arg(0).trim(), arg(1).trim(), arg(2));
    case 'subst': {
      const from = arg(0);
      const text = arg(2);
      if (hasUnknown(from)) return UNKNOWN;
      return from === '' ? text : text.split(from).join(arg(1));
    }
    case 'filter':
    case 'filter-out': {
      const patterns = splitWords(arg(0));
      const keepIf = fn === 'filter';
      if (patterns.some(hasUnknown)) return arg(1);
      return splitWords(arg(1))
        .filter((w) => hasUnknown(w) || patterns.some((p) => matchPercent(p, w)) === keepIf)
        .join(' ');
    }
    case 'strip':
      return splitWords(arg(0)).join(' ');
    case 'if': {
      const cond = arg(0).trim();
      if (hasUnknown(cond)) return `${arg(1)} ${arg(2)}`;
      return cond !== '' ? arg(1) : arg(2);
    }
    case 'or':
    case 'and': {
      const values = raw.map((_, i) => arg(i).trim());
      if (values.some(hasUnknown)) return UNKNOWN;
      if (fn === 'or') return values.find((v) => v !== '') ?? '';
      return values.every((v) => v !== '') ? (values[values.length - 1] ?? '') : '';
    }
    case 'sort':
      return [...new Set(splitWords(arg(0)))].sort().join(' ');
    case 'notdir':
      return each(arg(0), (w) => w.slice(w.lastIndexOf('/') + 1));
    case 'dir':
      return each(arg(0), (w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './'));
    case 'basename':
      return each(arg(0), (w) => {
        const dot = w.lastIndexOf('.');
        return dot > w.lastIndexOf('/') ? w.slice(0, dot) : w;
      });
  }
  return UNKNOWN;
}

function patsubst(pattern: string, replacement: string, text: string): string {
  if (hasUnknown(pattern) || hasUnknown(replacement)) return UNKNOWN;
  return splitWords(text)
    .map((w) => {
      if (hasUnknown(w)) return w;
      const stem = percentStem(pattern, w);
      if (stem === undefined) return w;
      return replacement.includes('%') ? replacement.replace('%', stem) : replacement;
    })
    .join(' ');
}

function percentStem(pattern: string, word: string): string | undefined {
  const p = pattern.indexOf('%');
  if (p < 0) return pattern === word ? '' : undefined;
  const head = pattern.slice(0, p);
  const tail = pattern.slice(p + 1);
  if (word.length < head.length + tail.length || !word.startsWith(head) || !word.endsWith(tail)) return undefined;
  return word.slice(head.length, word.length - tail.length);
}

function matchPercent(pattern: string, word: string): boolean {
  return percentStem(pattern, word) !== undefined;
}

/** Words of a value as patterns: a word with UNKNOWN in it matches any text in that place. */
export function wordPattern(word: string): RegExp {
  return new RegExp(
    `^${word
      .split(UNKNOWN)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** A raw Makefile word with its references as wildcards: `init_$(BITS).o` matches init_32.o and init_64.o. */
export function rawWordPattern(word: string): RegExp {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '$' && (word[i + 1] === '(' || word[i + 1] === '{')) {
      const close = matching(word, i + 1);
      out += UNKNOWN;
      i = close < 0 ? word.length : close;
      continue;
    }
    if (word[i] === '$' && word[i + 1] !== undefined) {
      out += UNKNOWN;
      i++;
      continue;
    }
    out += word[i];
  }
  return wordPattern(out);
}

/** The references a piece of Makefile text makes, `$(NAME)` or a bare CONFIG_ name, in order, once each. */
export function referencedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$[({]([A-Za-z0-9_]+)[)}]|\b(CONFIG_[A-Za-z0-9_]+)\b/g)) names.add(m[1] ?? m[2]!);
  return [...names];
}
