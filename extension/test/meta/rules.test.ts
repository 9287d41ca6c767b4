// Rule invariants: every rule has a docs page and a test file named after its id, ids are unique
// kebab-case, message ids camelCase, and each docs page names every message id and the default severity.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVERY_RULE } from '../../src/core/patch/all-rules.js';

const repoRoot = join(__dirname, '../../..');
const docsDir = join(repoRoot, 'extension/docs/rules');
const testsDir = join(repoRoot, 'extension/test/rules');
const ids = EVERY_RULE.map((r) => r.id);

describe('rules', () => {
  it('has unique kebab-case ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('has camelCase message ids and at least one message per rule', () => {
    for (const r of EVERY_RULE) {
      const messageIds = Object.keys(r.messages);
      expect(messageIds.length, r.id).toBeGreaterThan(0);
      for (const m of messageIds) expect(m, r.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    }
  });

  it('words its own review question, using only the placeholders the reply fills in', () => {
    for (const r of EVERY_RULE) {
      expect(r.review.question, r.id).toMatch(/\?$/);
      const placeholders = [...r.review.question.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
      expect(
        placeholders.filter((p) => p !== 'subject' && p !== 'function'),
        r.id,
      ).toEqual([]);
    }
  });

  it('has a test file named after each id, and no test file for a rule that does not exist', () => {
    for (const id of ids) expect(existsSync(join(testsDir, `${id}.test.ts`)), id).toBe(true);
    const files = readdirSync(testsDir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -'.test.ts'.length));
    expect(files.filter((f) => !ids.includes(f))).toEqual([]);
  });

  it('has a docs page for each id, and no page for a rule that does not exist', () => {
    for (const id of ids) expect(existsSync(join(docsDir, `${id}.md`)), id).toBe(true);
    const pages = readdirSync(docsDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -'.md'.length));
    expect(pages.filter((p) => !ids.includes(p))).toEqual([]);
  });

  for (const r of EVERY_RULE) {
    it(`extension/docs/rules/${r.id}.md names the rule, every message id, the default severity and how to change it`, () => {
      const page = readFileSync(join(docsDir, `${r.id}.md`), 'utf8');
      expect(page.split('\n')[0]).toBe(`# \`${r.id}\``);
      for (const m of Object.keys(r.messages)) expect(page, m).toContain(`\`${m}\``);
      expect(page).toContain(`**Severity:** ${r.severity} by default`);
      expect(page).toContain(`--rule ${r.id}=`);
      for (const section of [
        '## What it finds',
        '## Why it matters for memory hotplug',
        '## Flagged',
        '## Accepted',
        '## Messages',
        '## Known limits',
      ]) {
        expect(page, section).toContain(section);
      }
    });
  }
});
