import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSources, fixtureTree, reviewWith, type FixtureTree } from './tree.js';
import { source, rows } from './helpers.js';
import type { Review } from '../../src/core/patch/review-report.js';

let tree: FixtureTree;
beforeAll(async () => {
  tree = await fixtureTree();
});

async function local(...files: string[]): Promise<Review> {
  return reviewWith(tree, fixtureSources(...files));
}

const brief = (r: Review) =>
  r.findings.map((f) => ({
    status: f.status,
    rule: f.finding.ruleId,
    severity: f.finding.severity,
    at: `${f.finding.location.file}:${f.finding.location.line}:${f.finding.location.column}`,
    fn: f.finding.function,
    message: f.finding.message,
    related: f.finding.related.map((r) => `${r.file}:${r.line} ${r.message}`),
    patch: f.patch
      ? `${f.patch.sign}${f.patch.at.file}:${f.patch.at.line} mail ${f.patch.mail} ${f.patch.path}#${f.patch.hunk} via ${f.patch.via}`
      : '',
  }));

describe('patch-local checks on the fixture series', () => {
  it('find nothing in the correct series', async () => {
    const r = await local('series/add-device-memory.mbox');
    expect(brief(r)).toEqual([]);
    expect(r.reviewed).toBe(true);
  });

  it('flag the undeclared pfn at its + line', async () => {
    const r = await local('series/variants/undeclared-pfn.mbox');
    expect(brief(r)).toEqual([
      {
        status: 'new',
        rule: 'undeclared-identifier',
        severity: 'error',
        at: 'mm/memory_hotplug.c:540:30',
        fn: 'del_device_memory',
        message:
          '`pfn` is not declared in del_device_memory(): no local or parameter there, nor a global, macro, enum constant or function in the indexed tree (find_biggest_section_pfn() has a variable `pfn`)',
        related: [
          'series/variants/undeclared-pfn.mbox:197 added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions", mm/memory_hotplug.c hunk #1',
        ],
        patch: '+series/variants/undeclared-pfn.mbox:197 mail 2 mm/memory_hotplug.c#1 via location',
      },
    ]);
  });

  it('flag prototypes and definitions that name the flag differently, at the definition 2/5 added', async () => {
    const r = await local('series/variants/prototype-mismatch.mbox');
    const h = 'include/linux/memory_hotplug.h';
    expect(brief(r)).toEqual([
      {
        status: 'new',
        rule: 'prototype-mismatch',
        severity: 'warning',
        at: 'mm/memory_hotplug.c:489:36',
        fn: 'add_device_memory',
        message: `add_device_memory(): parameter 5 is named \`private_mem\` in the prototype at ${h}:100 but \`mapping\` in the definition (bool); do they mean the same?`,
        related: [
          `${h}:100 the prototype of add_device_memory()`,
          'series/variants/prototype-mismatch.mbox:144 added by "[PATCH 2/4] mm/memory_hotplug: Create add/del_device_memory functions", mm/memory_hotplug.c hunk #1',
          `series/variants/prototype-mismatch.mbox:84 added by "[PATCH 1/4] mm/memory_hotplug: Add prototypes for add/del_device_memory", ${h} hunk #1`,
        ],
        patch: '+series/variants/prototype-mismatch.mbox:144 mail 2 mm/memory_hotplug.c#1 via location',
      },
      {
        status: 'new',
        rule: 'prototype-mismatch',
        severity: 'warning',
        at: 'mm/memory_hotplug.c:532:37',
        fn: 'del_device_memory',
        message: `del_device_memory(): parameter 5 is named \`private_mem\` in the prototype at ${h}:102 but \`mapping\` in the definition (bool); do they mean the same?`,
        related: [
          `${h}:102 the prototype of del_device_memory()`,
          'series/variants/prototype-mismatch.mbox:187 added by "[PATCH 2/4] mm/memory_hotplug: Create add/del_device_memory functions", mm/memory_hotplug.c hunk #1',
          `series/variants/prototype-mismatch.mbox:86 added by "[PATCH 1/4] mm/memory_hotplug: Add prototypes for add/del_device_memory", ${h} hunk #1`,
        ],
        patch: '+series/variants/prototype-mismatch.mbox:187 mail 2 mm/memory_hotplug.c#1 via location',
      },
    ]);
  });

  it('report a changed type and count, and an added prototype for an existing definition', async () => {
    const diff = rows(
      '--- a/include/linux/memory_hotplug.h',
      '+++ b/include/linux/memory_hotplug.h',
      '@@ -94,0 +95,2 @@',
      '+extern int online_pages(unsigned long pfn, long nr_pages, int online_type);',
      '+extern int offline_pages(unsigned long start_pfn);',
    );
    const r = await reviewWith(tree, [source('p.diff', diff)]);
    expect(r.hunks.map((h) => h.status)).toEqual(['clean']);
    expect(brief(r).map((f) => `${f.at} ${f.severity} ${f.message}`)).toEqual([
      'include/linux/memory_hotplug.h:95:43 error online_pages(): parameter 2 is `long nr_pages` in the prototype at include/linux/memory_hotplug.h:95 but `unsigned long nr_pages` in the definition',
      'include/linux/memory_hotplug.h:96:11 error offline_pages() is declared with 1 parameters at include/linux/memory_hotplug.h:96 but defined with 2',
    ]);
  });

  // A name that is nothing anywhere (never_a_variable) is not reported: in a real tree such names come from
  // headers and macros outside the index far more often than from typos. nr_pages is a variable elsewhere.
  it('flag a variable name of other functions, and no locals, parameters, globals, macros, enum constants, members, labels or macro-declared names', async () => {
    const diff = rows(
      '--- a/mm/memory_hotplug.c',
      '+++ b/mm/memory_hotplug.c',
      '@@ -20,0 +21,16 @@',
      '+static int memhp_probe_names(struct zone *zone, int nid)',
      '+{',
      '+	DEFINE_SPINLOCK(local_lock);',
      '+	unsigned long flags, n = 0;',
      '+	struct page *page;',
      '+	enum { FIRST_LOCAL = 1 } which = FIRST_LOCAL;',
      '+	spin_lock_irqsave(&local_lock, flags);',
      '+	page = container_of(zone, struct page, lru);',
      '+	n = zone->zone_start_pfn + ZONE_DEVICE + nid + which + min_t(u64, n, 1);',
      '+	if (!n)',
      '+		goto out;',
      '+	n += mem_hotplug_lock.rw_sem.count + (unsigned long)current;',
      '+out:',
      '+	spin_unlock_irqrestore(&local_lock, flags);',
      '+	return (int)n + never_a_variable + nr_pages;',
      '+}',
    );
    const r = await reviewWith(tree, [source('q.diff', diff)]);
    expect(r.hunks.map((h) => h.status)).toEqual(['clean']);
    expect(brief(r).map((f) => `${f.at} ${f.fn} ${f.message.split(':')[0]}`)).toEqual([
      'mm/memory_hotplug.c:35:36 memhp_probe_names `nr_pages` is not declared in memhp_probe_names()',
    ]);
  });
});
