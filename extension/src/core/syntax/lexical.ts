// A fast lexical pass over one C file (no tree-sitter): the names the file could hold facts for, each set a
// superset of what extraction finds (a name missing here but present in the facts would change a demand run).

import { SYSCALL_MACRO } from './blank.js';

/** What a file may define, by the kind of table the analysis looks names up in. */
export interface LexicalKeys {
  /** `name(...)` followed by a body `{`, at file scope or on a line starting in column 0. */
  defs: string[];
  /** Identifiers between `struct`/`union` and a `{`. */
  structs: string[];
  /** Identifiers of `typedef ... ;` statements. */
  typedefs: string[];
  /** Identifiers inside struct and union bodies (field names among them). */
  members: string[];
  /** Member names written before an `=` (`.field = x`, `p->field = x`, `.a.b = x`). */
  bindFields: string[];
  /** Identifiers at file scope or on a line starting in column 0 (global variables among them). */
  globals: string[];
}

/** Words that name no struct, typedef, field or variable. */
const TYPE_WORDS = new Set([
  'struct',
  'union',
  'enum',
  'typedef',
  'const',
  'volatile',
  'unsigned',
  'signed',
  'static',
  'extern',
  'inline',
  'int',
  'char',
  'long',
  'short',
  'void',
  'float',
  'double',
]);

const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'return',
  'sizeof',
  'do',
  'else',
  'case',
  'goto',
  'typeof',
  '__typeof__',
  'defined',
]);

/** `name(...) {` inside a `#define`, across `\` line ends (no nested parentheses in the parameters). */
const MACRO_BODY_DEF = /([A-Za-z_]\w*)[\s\\]*\([^()]*(?:\([^()]*\)[^()]*)*\)[\s\\]*\{/g;

const COMPOUND = '+-*/%&|^<>';

const isIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdChar = (c: number) => isIdStart(c) || (c >= 48 && c <= 57);
const SPACE = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** `loose`: a body after a macro use at file scope, which the grammar may read as file-scope statements. */
type Brace = 'agg' | 'other' | 'loose';

interface Cond {
  /** Brace stack when the #if began; each #else / #elif arm starts from it again. */
  atIf: Brace[];
  /** Brace stack at the end of the first arm, kept after #endif (the first arm is the one followed). */
  firstArm?: Brace[];
}

export function lexicalKeys(text: string): LexicalKeys {
  const defs = new Set<string>();
  const structs = new Set<string>();
  const typedefs = new Set<string>();
  const members = new Set<string>();
  const bindFields = new Set<string>();
  const globals = new Set<string>();
  const n = text.length;
  let braces: Brace[] = [];
  const conds: Cond[] = [];
  let lineStart = true;
  let lineAtColumn0 = false;
  let aggPending = false;
  let aggNames: string[] = [];
  let typedefDepth = -1;
  /** Member names of the current `.a.b` / `p->a` chain, when the last token continues one. */
  let chain: string[] = [];
  let chainOpen = false;
  let afterMemberOp = false;
  let lastWord = '';
  let macroHeader = false;

  /** Skips spaces and comments from i; returns the next significant index. */
  const skip = (from: number): number => {
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (SPACE(c)) i++;
      else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? n : end;
      } else if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) i++;
      else break;
    }
    return i;
  };
  /** Index after the bracket group opening at i (parentheses or square brackets, nested), strings skipped. */
  const group = (from: number): number => {
    let depth = 0;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 40 || c === 91) depth++;
      else if (c === 41 || c === 93) {
        if (--depth === 0) return i + 1;
      } else if (c === 34 || c === 39) i = literalEnd(i) - 1;
      else if (c === 47 && (text.charCodeAt(i + 1) === 42 || text.charCodeAt(i + 1) === 47)) {
        i = skip(i) - 1;
      } else if (c === 123 || c === 125 || c === 59) return i;
      i++;
    }
    return n;
  };
  const literalEnd = (from: number): number => {
    const quote = text.charCodeAt(from);
    let i = from + 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === quote || c === 10) return i + 1;
      else i++;
    }
    return n;
  };
  /**
   * Whether the `(` at i opens a parameter list followed by a body: `) attrs(...) {`. A macro use first on
   * its line in column 0 without a `;` after it counts too: the grammar may join it to the body further on.
   */
  const opensBody = (from: number, column0First: boolean): boolean => {
    let i = group(from);
    if (column0First) {
      const c = text.charCodeAt(skip(i));
      if (c !== 59 && c !== 44 && c !== 61) return true;
    }
    for (;;) {
      i = skip(i);
      if (i >= n) return false;
      const c = text.charCodeAt(i);
      if (c === 123) return true;
      if (isIdStart(c)) {
        while (i < n && isIdChar(text.charCodeAt(i))) i++;
      } else if (c === 40 || c === 91) i = group(i);
      else if (c === 41) i++;
      else if (c === 35) {
        const end = directiveEnd(i);
        i = end;
      } else return false;
    }
  };
  /** `=` or a compound assignment (`|=`, `<<=`) starts at i; `==` does not. */
  const assignsAt = (at: number): boolean => {
    let k = at;
    while (k < n && k < at + 2 && COMPOUND.includes(text[k]!)) k++;
    return text.charCodeAt(k) === 61 && text.charCodeAt(k + 1) !== 61 && (k === at || text[k - 1] !== '!');
  };
  const directiveEnd = (from: number): number => {
    let i = from;
    for (;;) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return n;
      let k = nl - 1;
      if (k >= 0 && text.charCodeAt(k) === 13) k--;
      if (k >= 0 && text.charCodeAt(k) === 92) {
        i = nl + 1;
        continue;
      }
      return nl;
    }
  };
  const directive = (from: number): number => {
    const end = directiveEnd(from);
    // A macro body the grammar may read as code (a definition spread over `\` lines).
    const brace = text.indexOf('{', from);
    if (brace >= 0 && brace < end)
      for (const m of text.slice(from, end).matchAll(MACRO_BODY_DEF)) if (!KEYWORDS.has(m[1]!)) defs.add(m[1]!);
    const word = /^#\s*(\w+)/.exec(text.slice(from, Math.min(end, from + 40)))?.[1];
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') conds.push({ atIf: [...braces] });
    else if (word === 'elif' || word === 'else') {
      const c = conds[conds.length - 1];
      if (c) {
        c.firstArm ??= [...braces];
        braces = [...c.atIf];
      }
    } else if (word === 'endif') {
      const c = conds.pop();
      if (c?.firstArm) braces = c.firstArm;
    }
    return end;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      lineAtColumn0 = false;
      i++;
      continue;
    }
    if (SPACE(c)) {
      i++;
      continue;
    }
    const startsLine = lineStart;
    const firstAtColumn0 = startsLine && (i === 0 || text.charCodeAt(i - 1) === 10);
    if (lineStart) {
      lineStart = false;
      lineAtColumn0 = i === 0 || text.charCodeAt(i - 1) === 10;
    }
    if (c === 47 && (text.charCodeAt(i + 1) === 42 || text.charCodeAt(i + 1) === 47)) {
      const next = skip(i);
      if (text.slice(i, next).includes('\n')) lineStart = true;
      i = next;
      continue;
    }
    if (c === 35 && startsLine) {
      i = directive(i);
      continue;
    }
    if (c === 34 || c === 39) {
      i = literalEnd(i);
      chainOpen = false;
      aggPending = false;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      lastWord = word;
      const syscall = SYSCALL_MACRO.exec(word);
      if (syscall) {
        const name = /^\s*\(\s*([A-Za-z_]\w*)/.exec(text.slice(j, j + 200))?.[1];
        if (name) defs.add(`${syscall[1] ? 'compat_sys_' : 'sys_'}${name}`);
      }
      const inAgg = braces.length > 0 && braces[braces.length - 1] === 'agg';
      const plain = !TYPE_WORDS.has(word);
      if (inAgg && plain) members.add(word);
      if (typedefDepth >= 0 && plain) typedefs.add(word);
      if ((braces.length === 0 || lineAtColumn0 || braces.includes('loose')) && plain) globals.add(word);
      if (afterMemberOp) {
        chain.push(word);
        chainOpen = true;
        afterMemberOp = false;
      } else {
        chain = [];
        chainOpen = false;
      }
      if (word === 'struct' || word === 'union') {
        aggPending = true;
        aggNames = [];
      } else if (aggPending) aggNames.push(word);
      if (word === 'typedef' && typedefDepth < 0) typedefDepth = braces.length;
      const next = skip(j);
      if (braces.length === 0 && firstAtColumn0 && text.charCodeAt(next) === 40) macroHeader = true;
      if (
        text.charCodeAt(next) === 40 &&
        !KEYWORDS.has(word) &&
        (braces.length === 0 || lineAtColumn0) &&
        opensBody(next, firstAtColumn0)
      )
        defs.add(word);
      i = j;
      continue;
    }
    if (c === 46 || (c === 45 && text.charCodeAt(i + 1) === 62)) {
      if (c === 46 && text.charCodeAt(i + 1) === 46) {
        i += 3;
        continue;
      }
      afterMemberOp = true;
      if (!chainOpen) chain = [];
      i += c === 46 ? 1 : 2;
      continue;
    }
    afterMemberOp = false;
    if (chainOpen && assignsAt(i)) {
      for (const f of chain) bindFields.add(f);
    }
    if (c === 91 && chainOpen) {
      i = group(i);
      continue;
    }
    if (c === 40 && aggPending && lastWord.startsWith('__')) {
      i = group(i);
      continue;
    }
    chainOpen = false;
    chain = [];
    if (c === 123) {
      braces.push(aggPending ? 'agg' : braces.length === 0 && macroHeader ? 'loose' : 'other');
      macroHeader = false;
      if (aggPending) for (const name of aggNames) if (!TYPE_WORDS.has(name)) structs.add(name);
      aggPending = false;
    } else if (c === 125) {
      braces.pop();
      if (typedefDepth > braces.length) typedefDepth = -1;
    } else if (c === 59) {
      if (braces.length === 0) macroHeader = false;
      if (typedefDepth === braces.length) typedefDepth = -1;
      aggPending = false;
    } else aggPending = false;
    i++;
  }
  return {
    defs: [...defs],
    structs: [...structs],
    typedefs: [...typedefs],
    members: [...members],
    bindFields: [...bindFields],
    globals: [...globals],
  };
}

/**
 * A pattern matching text that may declare one of `names` as a variable (a type word, `*` or `,` before it;
 * `;`, `=`, `,`, `[`, `)`, `:` or an attribute after it): a superset of the globals extraction records, which
 * include declarations the grammar misplaced at file scope, where the lexical pass's file scope misses them.
 */
export function declarationPattern(names: readonly string[]): RegExp {
  const alt = names.map((n) => n.replace(/[^\w]/g, '')).join('|');
  return new RegExp(
    `(?:\\b(?!return\\b|case\\b|goto\\b|else\\b|sizeof\\b)[A-Za-z_]\\w*\\s+|\\*\\s*|,\\s*)(?:${alt})\\s*(?:[;=,\\[):]|\\s__)`,
  );
}
