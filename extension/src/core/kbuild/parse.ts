// Reads a Kbuild file or Makefile into statements: assignments (with each value word's line), conditionals,
// exports and includes. Rules and their recipes are recognised and skipped. Never throws: what it cannot
// read becomes a problem naming the line.

export type AssignOp = ':=' | '::=' | '=' | '+=' | '?=' | '!=';
export type CondTest = 'ifdef' | 'ifndef' | 'ifeq' | 'ifneq';

export interface WordAt {
  text: string;
  line: number;
}

export type MakeStmt =
  | { kind: 'assign'; line: number; name: string; op: AssignOp; value: string; words: WordAt[]; exported: boolean }
  | { kind: 'if'; line: number; test: CondTest; args: string[]; text: string }
  | { kind: 'else'; line: number; test?: CondTest; args?: string[]; text: string }
  | { kind: 'endif'; line: number }
  | { kind: 'export'; line: number; names: string[] }
  | { kind: 'define'; line: number; name: string }
  | { kind: 'undefine'; line: number; name: string }
  | { kind: 'include'; line: number; files: string }
  | { kind: 'eval'; line: number }
  | { kind: 'rule'; line: number };

export interface MakeProblem {
  line: number;
  message: string;
}

export interface ParsedMakefile {
  statements: MakeStmt[];
  problems: MakeProblem[];
}

/** One logical line: continuations joined, comment stripped, with the physical line of each offset. */
interface Logical {
  text: string;
  line: number;
  lineAt: (offset: number) => number;
  tab: boolean;
}

const OPS: readonly AssignOp[] = ['::=', ':=', '+=', '?=', '!=', '='];

export function parseMakefile(source: string): ParsedMakefile {
  const statements: MakeStmt[] = [];
  const problems: MakeProblem[] = [];
  const open: number[] = [];
  let inRecipe = false;
  let define: { line: number } | undefined;
  for (const logical of logicalLines(source)) {
    const trimmed = logical.text.trim();
    if (define) {
      if (/^endef\b/.test(trimmed)) define = undefined;
      continue;
    }
    if (trimmed === '') continue;
    if (logical.tab && inRecipe) continue;
    const stmt = statement(logical, trimmed, problems);
    // Conditionals may sit inside a recipe (Make reads them there too); anything else ends it.
    if (stmt?.kind !== 'if' && stmt?.kind !== 'else' && stmt?.kind !== 'endif') inRecipe = false;
    if (!stmt) continue;
    if (stmt.kind === 'define') define = { line: stmt.line };
    if (stmt.kind === 'rule') inRecipe = true;
    if (stmt.kind === 'if') open.push(stmt.line);
    if ((stmt.kind === 'else' || stmt.kind === 'endif') && open.length === 0) {
      problems.push({ line: stmt.line, message: `${stmt.kind} without a matching if` });
      continue;
    }
    if (stmt.kind === 'endif') open.pop();
    statements.push(stmt);
  }
  if (define) problems.push({ line: define.line, message: 'define without endef' });
  for (const line of open) problems.push({ line, message: 'conditional without endif' });
  return { statements, problems };
}

function statement(logical: Logical, trimmed: string, problems: MakeProblem[]): MakeStmt | undefined {
  const line = logical.line;
  const [first = '', rest = ''] = splitFirstWord(trimmed);
  switch (first) {
    case 'ifdef':
    case 'ifndef':
    case 'ifeq':
    case 'ifneq': {
      const args = conditionArgs(first, rest);
      if (!args) {
        problems.push({ line, message: `cannot read the condition of '${trimmed}'` });
        return { kind: 'if', line, test: first, args: [], text: trimmed };
      }
      return { kind: 'if', line, test: first, args, text: trimmed };
    }
    case 'else': {
      if (rest === '') return { kind: 'else', line, text: trimmed };
      const [test = '', condRest = ''] = splitFirstWord(rest);
      if (test !== 'ifdef' && test !== 'ifndef' && test !== 'ifeq' && test !== 'ifneq') {
        problems.push({ line, message: `unexpected text after else: '${rest}'` });
        return { kind: 'else', line, text: trimmed };
      }
      const args = conditionArgs(test, condRest);
      if (!args) problems.push({ line, message: `cannot read the condition of '${trimmed}'` });
      return { kind: 'else', line, test, args: args ?? [], text: trimmed };
    }
    case 'endif':
      return { kind: 'endif', line };
    case 'include':
    case '-include':
    case 'sinclude':
      return { kind: 'include', line, files: rest };
    case 'define':
      return { kind: 'define', line, name: rest.replace(/\s*(::=|:=|\+=|\?=|!=|=)\s*$/, '') };
    case 'undefine':
      return { kind: 'undefine', line, name: rest };
    case 'override':
      return assignment(logical, rest, trimmed.length - rest.length, false, problems);
    case 'export':
    case 'unexport': {
      const stmt = assignment(logical, rest, trimmed.length - rest.length, first === 'export', undefined);
      if (stmt?.kind === 'assign') return stmt;
      return first === 'export' ? { kind: 'export', line, names: rest === '' ? ['*'] : words(rest) } : undefined;
    }
    case 'vpath':
      return undefined;
  }
  if (/^\$[({]eval\b/.test(trimmed)) return { kind: 'eval', line };
  if (/^\$[({](error|warning|info)\b/.test(trimmed)) return undefined;
  return assignment(logical, trimmed, 0, false, problems);
}

/** `name op value`, or a rule when a lone `:` comes first; undefined (with a problem) for anything else. */
function assignment(
  logical: Logical,
  text: string,
  offsetInTrimmed: number,
  exported: boolean,
  problems: MakeProblem[] | undefined,
): MakeStmt | undefined {
  const line = logical.line;
  const found = findOperator(text);
  if (!found) {
    problems?.push({ line, message: `not an assignment, rule or directive: '${text}'` });
    return undefined;
  }
  if (found.op === ':') return { kind: 'rule', line };
  const name = text.slice(0, found.at).trim();
  if (wordsAt(name).length !== 1) {
    problems?.push({ line, message: `cannot read the variable name in '${text}'` });
    return undefined;
  }
  const valueStart = found.at + found.op.length;
  const rawValue = text.slice(valueStart);
  const lead = rawValue.length - rawValue.trimStart().length;
  const value = rawValue.trim();
  const leadingSpace = logical.text.length - logical.text.trimStart().length;
  const base = leadingSpace + offsetInTrimmed + valueStart + lead;
  return {
    kind: 'assign',
    line,
    name,
    op: found.op,
    value,
    words: wordsAt(value).map((w) => ({ text: w.text, line: logical.lineAt(base + w.at) })),
    exported,
  };
}

function findOperator(text: string): { op: AssignOp | ':'; at: number } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if (depth > 0) {
      if (c === '(' || c === '{') depth++;
      else if (c === ')' || c === '}') depth--;
      continue;
    }
    for (const op of OPS) if (text.startsWith(op, i)) return { op, at: i };
    if (c === ':') return { op: ':', at: i };
  }
  return undefined;
}

/** `(a,b)`, `"a" "b"` or `'a' 'b'` for ifeq/ifneq; the variable name for ifdef/ifndef. */
function conditionArgs(test: CondTest, rest: string): string[] | undefined {
  if (test === 'ifdef' || test === 'ifndef') return rest === '' || /\s/.test(rest) ? undefined : [rest];
  if (rest.startsWith('(') && rest.endsWith(')')) {
    const inner = rest.slice(1, -1);
    const comma = topLevelComma(inner);
    if (comma < 0) return undefined;
    return [inner.slice(0, comma).trim(), inner.slice(comma + 1).trim()];
  }
  const quoted = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(rest);
  return quoted ? [quoted[2]!, quoted[4]!] : undefined;
}

export function topLevelComma(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return -1;
}

function splitFirstWord(text: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return m ? [m[1]!, m[2]!.trim()] : ['', ''];
}

function words(text: string): string[] {
  return wordsAt(text).map((w) => w.text);
}

/** Whitespace-separated words, keeping `$(...)` references whole, with their offsets. */
export function wordsAt(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    const space = c === undefined || (depth === 0 && /\s/.test(c));
    if (space) {
      if (start >= 0) out.push({ text: text.slice(start, i), at: start });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
  }
  return out;
}

function* logicalLines(source: string): Generator<Logical> {
  const physical = source.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const starts: { offset: number; line: number }[] = [];
    let text = '';
    const tab = physical[i]!.startsWith('\t');
    const first = i + 1;
    for (;;) {
      const raw = physical[i]!;
      const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
      const part = starts.length === 0 ? raw : raw.trimStart();
      starts.push({ offset: text.length, line: i + 1 });
      if (continued && i + 1 < physical.length) {
        text += `${part.slice(0, -1).trimEnd()} `;
        i++;
        continue;
      }
      text += continued ? part.slice(0, -1) : part;
      break;
    }
    const stripped = stripComment(text);
    yield {
      text: stripped,
      line: first,
      tab,
      lineAt: (offset) => {
        let line = first;
        for (const s of starts) if (s.offset <= offset) line = s.line;
        return line;
      },
    };
  }
}

function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '#') {
      i++;
      continue;
    }
    if (text[i] === '#') return text.slice(0, i);
  }
  return text;
}
