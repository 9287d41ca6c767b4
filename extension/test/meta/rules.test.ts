// Rule invariants: every rule has a docs page and a test file named after its id, ids are unique
// kebab-case, message ids camelCase, and each docs page names every message id and the default severity.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/core/rules/index.js';

const repoRoot = join(__dirname, '../../..');
const docsDir = join(repoRoot, 'extension/docs/rules');
const testsDir = join(repoRoot, 'extension/test/rules');
const ids = ALL_RULES.map((r) => r.meta.id);

describe('rules', () => {
  it('has unique kebab-case ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('has camelCase message ids and at least one message per rule', () => {
    for (const r of ALL_RULES) {
      const messageIds = Object.keys(r.meta.messages);
      expect(messageIds.length, r.meta.id).toBeGreaterThan(0);
      for (const m of messageIds) expect(m, r.meta.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
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

  for (const r of ALL_RULES) {
    it(`extension/docs/rules/${r.meta.id}.md names the rule, every message id, the default severity and how to change it`, () => {
      const page = readFileSync(join(docsDir, `${r.meta.id}.md`), 'utf8');
      expect(page.split('\n')[0]).toBe(`# \`${r.meta.id}\``);
      for (const m of Object.keys(r.meta.messages)) expect(page, m).toContain(`\`${m}\``);
      expect(page).toContain(`**Severity:** ${r.meta.severity} by default`);
      expect(page).toContain(`--rule ${r.meta.id}=`);
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
