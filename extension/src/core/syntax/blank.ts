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

export function blankAnnotations(src: string): Blanked {
  const out = src.split('');
  const marks: AnnotationMark[] = [];
  const iterators: AnnotationMark[] = [];
  const n = src.length;
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Conditionals inside an expression (`printk("..." #ifdef X "..." #endif)`) break the grammar: keep
  // the first arm, blank the directives and the other arms.
  let depth = 0;
  let braceDepth = 0;
  const inExpr: boolean[] = [];
  const skipping = () => inExpr.includes(true);
  const handleInExpressionDirective = (line: string) => {
    const d = /^#\s*(\w+)/.exec(line)?.[1] ?? '';
    if (d.startsWith('if')) inExpr.push(false);
    else if ((d === 'else' || d.startsWith('elif')) && inExpr.length > 0) inExpr[inExpr.length - 1] = true;
    else if (d === 'endif') inExpr.pop();
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
      if (skipping()) blank(i, end);
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
    if (skipping()) {
      if (c !== 10) out[i] = ' ';
      i++;
      continue;
    }
    if (c === 123) braceDepth++;
    else if (c === 125 && braceDepth > 0) braceDepth--;
    if ((c === 123 || c === 125) && (i === 0 || src.charCodeAt(i - 1) === 10)) {
      // A brace in column 0 starts or ends a top-level body: any paren count drift stops here.
      depth = 0;
      inExpr.length = 0;
      braceDepth = c === 123 ? 1 : 0;
    }
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && depth > 0) depth--;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      const word = src.slice(i, j);
      if (words.has(word) && !isMemberAccess(src, i)) {
        marks.push({ word, offset: i });
        blank(i, j);
      } else if (calls.has(word)) {
        const open = skipSpace(src, j);
        if (src[open] === '(') {
          const close = matchParen(src, open);
          if (close > 0) {
            const mark: AnnotationMark = { word, offset: i };
            mark.arg = src.slice(open + 1, close).trim();
            marks.push(mark);
            blank(i, close + 1);
            j = close + 1;
          }
        }
      } else if (word.length >= 5 && braceDepth > 0 && !KEYWORDS.has(word) && isStatementStart(src, i)) {
        // `name(args) {` cannot be a call inside a body: it is an iterator macro. Named iterators
        // (`for_each_*`, `foreach_*`) may also take a single statement instead of a block.
        const open = skipSpace(src, j);
        const close = src[open] === '(' ? matchParen(src, open) : -1;
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
          for (let k = i; k < j; k++) out[k] = k - i < loop.length ? loop[k - i]! : ' ';
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
  return { text: out.join(''), marks, iterators };
}

/** `SYSCALL_DEFINE3(mbind, unsigned long, start, ...)` -> `long    sys_mbind(unsigned long  start  ...)`. */
function rewriteSyscall(src: string, out: string[], from: number, wordEnd: number, prefix: string): number | undefined {
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
  for (let k = from; k < nameStart; k++) out[k] = ' ';
  for (let k = 0; k < head.length; k++) out[from + k] = head[k]!;
  for (let k = 0; k < prefix.length; k++) out[prefixAt + k] = prefix[k]!;
  // The comma after the name opens the parameter list; then every other top-level comma joins type and name.
  let depth = 0;
  let commas = 0;
  for (let k = nameEnd; k < close; k++) {
    const ch = src[k];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      commas++;
      if (commas === 1) out[k] = '(';
      else if (commas % 2 === 0) out[k] = ' ';
    }
  }
  if (commas === 0) {
    // SYSCALL_DEFINE0(name): no comma to turn into `(`, so the name moves one column left to make room.
    const name = prefix + src.slice(nameStart, nameEnd) + '(';
    for (let k = from + head.length; k < close; k++) out[k] = ' ';
    const at = close - name.length;
    for (let k = 0; k < name.length; k++) out[at + k] = name[k]!;
  }
  return close + 1;
}

function isStatementStart(src: string, i: number): boolean {
  let k = i - 1;
  for (;;) {
    while (k >= 0 && /\s/.test(src[k]!)) k--;
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
  while (i < src.length && /\s/.test(src[i]!)) i++;
  return i;
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
