// The patch-email TextMate grammar, tokenized with vscode-textmate and oniguruma as VS Code does: scope
// assertions per token for headers, subject prefix, quote levels, trailers, separator, diffstat, diff, signature.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';

const root = join(__dirname, '../../..');
let grammar: IGrammar;
const GRAMMARS: Record<string, string> = {
  'text.patch-email': join(root, 'syntaxes/patch-email.tmLanguage.json'),
  'source.diff': join(root, 'node_modules/tm-grammars/grammars/diff.json'),
};

beforeAll(async () => {
  await loadWASM(readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new OnigScanner(p),
      createOnigString: (s: string) => new OnigString(s),
    }),
    // source.diff is VS Code's own diff grammar, which tm-grammars ships as diff.json.
    loadGrammar: async (scope) => {
      const path = GRAMMARS[scope];
      return path ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
  });
  const loaded = await registry.loadGrammar('text.patch-email');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let stack = INITIAL;
  text.split('\n').forEach((line, index) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens)
      out.push({ line: index + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  });
  return out;
}

/** Innermost scopes (without the root) of the token on `line` whose text is exactly `text`. */
function scopesOf(tokens: Token[], line: number, text: string): string[] {
  const token = tokens.find((t) => t.line === line && t.text === text);
  if (!token)
    throw new Error(
      `no token "${text}" on line ${line}: ${JSON.stringify(tokens.filter((t) => t.line === line).map((t) => t.text))}`,
    );
  return token.scopes.slice(1);
}

const last = (tokens: Token[], line: number, text: string) => scopesOf(tokens, line, text).at(-1);

describe('patch-email grammar', () => {
  const tokens = () => tokenize(readFileSync(join(__dirname, 'sample.mbox'), 'utf8'));

  it('marks the mbox separator line with its sha', () => {
    const t = tokens();
    expect(last(t, 1, 'From')).toBe('keyword.other.mbox.patch-email');
    expect(last(t, 1, '3f5a0c1d2e4b6a8c9d0e1f2a3b4c5d6e7f8a9b0c')).toBe('constant.numeric.sha.patch-email');
  });

  it('marks header names, values and addresses', () => {
    const t = tokens();
    expect(last(t, 2, 'From')).toBe('entity.name.tag.header.patch-email');
    expect(last(t, 2, '<jane@example.org>')).toBe('markup.underline.link.email.patch-email');
    expect(last(t, 3, 'Mon, 15 Oct 2018 17:30:31 +0200')).toBe('string.unquoted.header-value.patch-email');
  });

  it('reads the [PATCH vN m/n] prefix and a folded subject line', () => {
    const t = tokens();
    expect(last(t, 4, 'PATCH')).toBe('entity.name.type.patch-tag.patch-email');
    expect(last(t, 4, 'v2')).toBe('constant.numeric.version.patch-email');
    expect(last(t, 4, '2/5')).toBe('constant.numeric.series-position.patch-email');
    expect(scopesOf(t, 4, ' mm/memory_hotplug: Create add/del_device_memory')).toEqual([
      'meta.headers.patch-email',
      'markup.heading.subject.patch-email',
    ]);
    expect(scopesOf(t, 5, ' functions')).toEqual(['meta.headers.patch-email', 'markup.heading.subject.patch-email']);
    expect(last(t, 6, 'Cc')).toBe('entity.name.tag.header.patch-email');
    expect(last(t, 34, 'RFC PATCH')).toBe('entity.name.type.patch-tag.patch-email');
    expect(last(t, 34, '3/5')).toBe('constant.numeric.series-position.patch-email');
  });

  it('gives each quote level its own scope', () => {
    const t = tokens();
    expect(scopesOf(t, 8, 'On Mon, Oct 15, 2018 Dan wrote:')).toEqual([]);
    expect(scopesOf(t, 9, '> Why not take the lock inside the helper?')).toEqual([
      'markup.quote.level1.patch-email',
      'string.quoted.other.quote.level1.patch-email',
    ]);
    expect(scopesOf(t, 10, '> > Because the KASAN shadow calls need it.')).toEqual([
      'markup.quote.level2.patch-email',
      'comment.line.quote.level2.patch-email',
    ]);
    expect(scopesOf(t, 11, '> > > Older text.')).toEqual([
      'markup.quote.level3.patch-email',
      'variable.other.quote.level3.patch-email',
    ]);
  });

  it('marks trailers, the Fixes sha and the --- separator', () => {
    const t = tokens();
    expect(last(t, 13, 'Fixes')).toBe('keyword.other.trailer.patch-email');
    expect(last(t, 13, '1234567890ab')).toBe('constant.numeric.sha.patch-email');
    expect(last(t, 13, '("mm: an older change")')).toBe('string.quoted.fixes-subject.patch-email');
    expect(last(t, 14, 'Reviewed-by')).toBe('keyword.other.trailer.patch-email');
    expect(last(t, 14, '<dan@example.org>')).toBe('markup.underline.link.email.patch-email');
    expect(last(t, 15, 'Link')).toBe('keyword.other.trailer.patch-email');
    expect(last(t, 16, 'Signed-off-by')).toBe('keyword.other.trailer.patch-email');
    expect(scopesOf(t, 17, '---')).toEqual([
      'meta.separator.patch-email',
      'punctuation.definition.separator.patch-email',
    ]);
  });

  it('reads the diffstat', () => {
    const t = tokens();
    expect(last(t, 18, 'mm/memory_hotplug.c')).toBe('string.unquoted.path.patch-email');
    expect(last(t, 18, '10')).toBe('constant.numeric.changes.patch-email');
    expect(last(t, 18, '++++++++')).toBe('markup.inserted.diffstat.patch-email');
    expect(last(t, 18, '--')).toBe('markup.deleted.diffstat.patch-email');
    expect(scopesOf(t, 19, ' 1 file changed, 8 insertions(+), 2 deletions(-)')).toEqual([
      'meta.diffstat.summary.patch-email',
      'comment.line.diffstat-summary.patch-email',
    ]);
  });

  it('embeds the diff as source.diff up to the signature, then reads the next mail', () => {
    const t = tokens();
    for (const line of [21, 24, 25, 26, 27, 28]) {
      const token = t.find((x) => x.line === line)!;
      expect(token.scopes.slice(1, 2), `line ${line}`).toEqual(['meta.embedded.block.diff']);
    }
    expect(last(t, 21, 'diff --git a/mm/memory_hotplug.c b/mm/memory_hotplug.c')).toBe('meta.diff.header.git');
    expect(last(t, 25, '@@')).toBe('punctuation.definition.range.diff');
    expect(last(t, 27, '-')).toBe('punctuation.definition.deleted.diff');
    expect(scopesOf(t, 28, '\tnew();')).toEqual(['meta.embedded.block.diff', 'markup.inserted.diff']);
    expect(scopesOf(t, 29, '-- ')).toEqual([
      'comment.block.signature.patch-email',
      'punctuation.definition.signature.patch-email',
    ]);
    expect(last(t, 30, '2.19.1')).toBe('comment.block.signature.patch-email');
    expect(last(t, 32, 'From')).toBe('keyword.other.mbox.patch-email');
    expect(scopesOf(t, 36, 'Body of the second mail.')).toEqual([]);
  });

  it('reads a mail that starts with headers and no mbox line (.eml)', () => {
    const t = tokenize('Subject: [PATCH] mm: fix\nFrom: A <a@b.org>\n\n> quoted\n');
    expect(last(t, 1, 'PATCH')).toBe('entity.name.type.patch-tag.patch-email');
    expect(last(t, 2, 'From')).toBe('entity.name.tag.header.patch-email');
    expect(scopesOf(t, 4, '> quoted')[0]).toBe('markup.quote.level1.patch-email');
  });

  it('leaves a hostile body as plain text scopes (no markup is interpreted)', () => {
    const t = tokenize(
      'Subject: [PATCH] <script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](command:workbench.action.quit)\n',
    );
    expect(scopesOf(t, 3, '<img src=x onerror=alert(1)> [x](command:workbench.action.quit)')).toEqual([]);
  });
});
