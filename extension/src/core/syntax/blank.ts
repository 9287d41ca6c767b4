// Blanks kernel annotation macros with spaces of equal length so the grammar sees plain C while every
// line and column stays where it was; rewrites SYSCALL_DEFINEn(name, t, a, ...) as `long sys_name(t a, ...)`.

import { BLANKED_CALLS, BLANKED_WORDS } from '../kernel/annotations.js';

export interface AnnotationMark {
  word: string;
  offset: number;
  /** Argument text of a function-like annotation (`&zone->lock` for `__must_hold(&zone->lock)`). */
  arg?: string;
}

export interface Blanked {
  text: string;
  marks: AnnotationMark[];
  /** Iterator macros (`list_for_each_entry(...) {`) rewritten as `while (...)`, by offset. */
  iterators: AnnotationMark[];
}

const words = new Set(BLANKED_WORDS);
const calls = new Set(BLANKED_CALLS);
/** `SYSCALL_DEFINEn` and `COMPAT_SYSCALL_DEFINEn`; group 1 is set for the compat form. */
export const SYSCALL_MACRO = /^(COMPAT_)?SYSCALL_DEFINE(\d)$/;
const KEYWORDS = new Set([
  'while',
  'switch',
  'return',
  'sizeof',
  'typeof',
  '__typeof__',
  'defined',
  '__builtin_expect',
  'asm',
  '__asm__',
  'volatile',
]);

/** First characters of every word blankAnnotations may blank or rewrite (other words of under 5 characters are skipped unread). */
const FIRST_CHARS = new Set(
  [...BLANKED_WORDS, ...BLANKED_CALLS, 'SYSCALL_DEFINE', 'COMPAT_SYSCALL_DEFINE'].map((w) => w.charCodeAt(0)),
);

/** The text being rewritten: a copy of the source's UTF-16 units, made at the first change. */
class Rewrite {
  private units: Uint16Array | undefined;
  constructor(private readonly src: string) {}

  set(k: number, ch: number): void {
    if (!this.units) {
      if (this.src.charCodeAt(k) === ch) return;
      const n = this.src.length;
      this.units = new Uint16Array(n);
      for (let i = 0; i < n; i++) this.units[i] = this.src.charCodeAt(i);
    }
    this.units[k] = ch;
  }

  get(k: number): number {
    return this.units ? this.units[k]! : this.src.charCodeAt(k);
  }

  text(): string {
    const units = this.units;
    if (!units) return this.src;
    const parts: string[] = [];
    for (let i = 0; i < units.length; i += 8192)
      parts.push(String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]));
    return parts.join('');
  }
}

const SPACE = 32;
const NEWLINE = 10;

export function blankAnnotations(src: string): Blanked {
  const out = new Rewrite(src);
  const marks: AnnotationMark[] = [];
  const iterators: AnnotationMark[] = [];
  const n = src.length;
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out.get(k) !== NEWLINE) out.set(k, SPACE);
  };
  // Conditionals inside an expression (`printk("..." #ifdef X "..." #endif)`) break the grammar: keep
  // the first arm, blank the directives and the other arms.
  let depth = 0;
  let braceDepth = 0;
  const inExpr: boolean[] = [];
  let skipping = false;
  const handleInExpressionDirective = (line: string) => {
    const d = /^#\s*(\w+)/.exec(line)?.[1] ?? '';
    if (d.startsWith('if')) inExpr.push(false);
    else if ((d === 'else' || d.startsWith('elif')) && inExpr.length > 0) inExpr[inExpr.length - 1] = true;
    else if (d === 'endif') inExpr.pop();
    skipping = inExpr.includes(true);
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 47 /* / */ && src.charCodeAt(i + 1) === 42 /* * */) {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 47) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const end = skipQuoted(src, i, c);
      if (skipping) blank(i, end);
      i = end;
      continue;
    }
    if (c === 35 /* # */ && isDirectiveStart(src, i)) {
      const end = directiveEnd(src, i);
      if (depth > 0) handleInExpressionDirective(src.slice(i, end));
      if (depth > 0 || inExpr.length > 0) blank(i, end);
      i = end;
      continue;
    }
    if (skipping) {
      if (c !== NEWLINE) out.set(i, SPACE);
      i++;
      continue;
    }
    if (c === 123) braceDepth++;
    else if (c === 125 && braceDepth > 0) braceDepth--;
    if ((c === 123 || c === 125) && (i === 0 || src.charCodeAt(i - 1) === NEWLINE)) {
      // A brace in column 0 starts or ends a top-level body: any paren count drift stops here.
      depth = 0;
      inExpr.length = 0;
      skipping = false;
      braceDepth = c === 123 ? 1 : 0;
    }
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && depth > 0) depth--;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      const iteratorCandidate = j - i >= 5 && braceDepth > 0;
      if (!iteratorCandidate && !FIRST_CHARS.has(c)) {
        i = j;
        continue;
      }
      const word = src.slice(i, j);
      if (words.has(word) && !isMemberAccess(src, i)) {
        marks.push({ word, offset: i });
        blank(i, j);
      } else if (calls.has(word)) {
        const open = skipSpace(src, j);
        if (src.charCodeAt(open) === 40) {
          const close = matchParen(src, open);
          if (close > 0) {
            const mark: AnnotationMark = { word, offset: i };
            mark.arg = src.slice(open + 1, close).trim();
            marks.push(mark);
            blank(i, close + 1);
            j = close + 1;
          }
        }
      } else if (
        iteratorCandidate &&
        !KEYWORDS.has(word) &&
        src.charCodeAt(skipSpace(src, j)) === 40 &&
        isStatementStart(src, i)
      ) {
        // `name(args) {` cannot be a call inside a body: it is an iterator macro. Named iterators
        // (`for_each_*`, `foreach_*`) may also take a single statement instead of a block.
        const open = skipSpace(src, j);
        const close = matchParen(src, open);
        const next = close > 0 ? src[skipSpaceAndComments(src, close + 1)] : undefined;
        const named = /for_?each/.test(word);
        const loopBody =
          next === '{' ||
          (named &&
            next !== undefined &&
            next !== ';' &&
            next !== ')' &&
            next !== ',' &&
            !/[=+\-*/|&?:<>!.[]/.test(next));
        if (loopBody) {
          iterators.push({ word, offset: i, arg: src.slice(open + 1, close) });
          const loop = 'while';
          for (let k = i; k < j; k++) out.set(k, k - i < loop.length ? loop.charCodeAt(k - i) : SPACE);
        }
      } else {
        const m = SYSCALL_MACRO.exec(word);
        if (m && isLineStart(src, i)) j = rewriteSyscall(src, out, i, j, m[1] ? 'compat_sys_' : 'sys_') ?? j;
      }
      i = j;
      continue;
    }
    i++;
  }
  return { text: out.text(), marks, iterators };
}

/** `SYSCALL_DEFINE3(mbind, unsigned long, start, ...)` -> `long    sys_mbind(unsigned long  start  ...)`. */
function rewriteSyscall(src: string, out: Rewrite, from: number, wordEnd: number, prefix: string): number | undefined {
  const open = wordEnd;
  if (src[open] !== '(') return undefined;
  const close = matchParen(src, open);
  if (close < 0) return undefined;
  const nameStart = skipSpace(src, open + 1);
  let nameEnd = nameStart;
  while (nameEnd < close && isIdentPart(src.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd === nameStart) return undefined;
  const head = 'long ';
  if (nameStart - from < head.length + prefix.length) return undefined;
  const prefixAt = nameStart - prefix.length;
  for (let k = from; k < nameStart; k++) out.set(k, SPACE);
  for (let k = 0; k < head.length; k++) out.set(from + k, head.charCodeAt(k));
  for (let k = 0; k < prefix.length; k++) out.set(prefixAt + k, prefix.charCodeAt(k));
  // The comma after the name opens the parameter list; then every other top-level comma joins type and name.
  let depth = 0;
  let commas = 0;
  for (let k = nameEnd; k < close; k++) {
    const ch = src[k];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      commas++;
      if (commas === 1) out.set(k, 40);
      else if (commas % 2 === 0) out.set(k, SPACE);
    }
  }
  if (commas === 0) {
    // SYSCALL_DEFINE0(name): no comma to turn into `(`, so the name moves one column left to make room.
    const name = prefix + src.slice(nameStart, nameEnd) + '(';
    for (let k = from + head.length; k < close; k++) out.set(k, SPACE);
    const at = close - name.length;
    for (let k = 0; k < name.length; k++) out.set(at + k, name.charCodeAt(k));
  }
  return close + 1;
}

function isStatementStart(src: string, i: number): boolean {
  let k = i - 1;
  for (;;) {
    while (k >= 0 && isSpace(src.charCodeAt(k))) k--;
    if (k >= 1 && src[k] === '/' && src[k - 1] === '*') {
      const open = src.lastIndexOf('/*', k - 2);
      if (open < 0) return false;
      k = open - 1;
      continue;
    }
    break;
  }
  if (k < 0) return true;
  const ch = src[k]!;
  if ('{};):'.includes(ch)) return true;
  return /\b(else|do)$/.test(src.slice(Math.max(0, k - 4), k + 1));
}

function skipSpaceAndComments(src: string, i: number): number {
  for (;;) {
    i = skipSpace(src, i);
    if (src[i] === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (src[i] === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else return i;
  }
}

function isDirectiveStart(src: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (src[k] === ' ' || src[k] === '\t')) k--;
  return k < 0 || src[k] === '\n';
}

function directiveEnd(src: string, i: number): number {
  let k = i;
  for (;;) {
    const nl = src.indexOf('\n', k);
    if (nl < 0) return src.length;
    let back = nl - 1;
    if (src[back] === '\r') back--;
    if (src[back] !== '\\') return nl;
    k = nl + 1;
  }
}

function isLineStart(src: string, i: number): boolean {
  return i === 0 || src[i - 1] === '\n';
}

function isMemberAccess(src: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (src[k] === ' ' || src[k] === '\t')) k--;
  return src[k] === '.' || (src[k] === '>' && src[k - 1] === '-');
}

function skipQuoted(src: string, i: number, quote: number): number {
  let k = i + 1;
  while (k < src.length) {
    const ch = src.charCodeAt(k);
    if (ch === 92 /* \ */) {
      k += 2;
      continue;
    }
    if (ch === quote || ch === 10) return k + 1;
    k++;
  }
  return k;
}

function skipSpace(src: string, i: number): number {
  while (i < src.length && isSpace(src.charCodeAt(i))) i++;
  return i;
}

/** What `/\s/` matches, without making a string of the character. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

export function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let k = open; k < src.length; k++) {
    const ch = src[k];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return k;
    } else if (ch === ';' || ch === '{') {
      if (depth <= 1 && ch === '{') return -1;
    }
  }
  return -1;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
