// Annotation blanking: kernel macros become spaces without moving any line or column, lock annotations
// survive as facts, SYSCALL_DEFINEn and iterator macros become C the grammar can parse.

import { describe, expect, it } from 'vitest';
import { blankAnnotations } from '../../src/core/syntax/blank.js';
import { factsOf, lines } from './parse.js';

const spaces = (word: string) => ' '.repeat(word.length);

describe('blankAnnotations', () => {
  it('replaces annotation words with spaces of equal length and leaves everything else in place', () => {
    const src = lines(
      'static int __meminit online_range(unsigned long pfn)',
      '{',
      '\treturn 0;',
      '}',
      'static int __ref try_remove(void *arg)',
      '{ return 1; }',
      'int __weak arch_get_memory_phys_device(unsigned long start_pfn) { return 0; }',
      '/* __meminit in a comment stays */',
      'const char *s = "__ref in a string stays";',
    );
    const expected = src
      .replace('__meminit online_range', `${spaces('__meminit')} online_range`)
      .replace('__ref try_remove', `${spaces('__ref')} try_remove`)
      .replace('__weak arch_get', `${spaces('__weak')} arch_get`);
    const blanked = blankAnnotations(src);
    expect(blanked.text).toBe(expected);
    expect(blanked.text.length).toBe(src.length);
    expect(blanked.marks.map((m) => [m.word, m.offset])).toEqual([
      ['__meminit', src.indexOf('__meminit')],
      ['__ref', src.indexOf('__ref try_remove')],
      ['__weak', src.indexOf('__weak')],
    ]);
  });

  it('keeps every line and column: names after blanked words are found where they were written', async () => {
    const src = lines(
      'int __meminit __must_check add_pages(int nid, unsigned long start_pfn)',
      '{',
      '\treturn __add_pages(nid, start_pfn);',
      '}',
    );
    const facts = await factsOf(src);
    expect(facts.functions.map((f) => [f.name, f.nameLoc])).toEqual([['add_pages', { line: 1, column: 27 }]]);
    expect(src.split('\n')[0]!.slice(27, 36)).toBe('add_pages');
    expect(facts.calls.map((c) => [c.callee, c.loc])).toEqual([['__add_pages', { line: 3, column: 8 }]]);
    expect(facts.functions[0]!.annotations).toEqual(['__meminit', '__must_check']);
  });

  it('does not blank a member that happens to share an annotation name', () => {
    const src = 'int g(struct s *p) { return p->__weak + p . __ref; }\n';
    expect(blankAnnotations(src).text).toBe(src);
  });

  it('keeps __acquires, __releases and __must_hold as lock annotations of the function', async () => {
    const src = lines(
      'static void unlock_zone(struct zone *zone) __releases(&zone->lock) __must_hold(&pgdat->lock)',
      '{',
      '\tspin_unlock(&zone->lock);',
      '}',
      'void lock_zone(struct zone *zone) __acquires(&zone->lock)',
      '{',
      '\tspin_lock(&zone->lock);',
      '}',
      'void plain(struct zone *zone)',
      '{',
      '}',
    );
    const blanked = blankAnnotations(src);
    expect(blanked.text.split('\n')[0]).toBe(
      `static void unlock_zone(struct zone *zone) ${' '.repeat('__releases(&zone->lock) __must_hold(&pgdat->lock)'.length)}`,
    );
    const facts = await factsOf(src);
    expect(facts.functions.map((f) => [f.name, f.lockAnnotations])).toEqual([
      [
        'unlock_zone',
        [
          { kind: 'releases', lock: '&zone->lock' },
          { kind: 'must-hold', lock: '&pgdat->lock' },
        ],
      ],
      ['lock_zone', [{ kind: 'acquires', lock: '&zone->lock' }]],
      ['plain', []],
    ]);
  });

  it('names SYSCALL_DEFINE0 and SYSCALL_DEFINE3 functions sys_NAME with their parameters', async () => {
    const src = lines(
      'SYSCALL_DEFINE0(sync)',
      '{',
      '\treturn ksys_sync();',
      '}',
      'SYSCALL_DEFINE3(mbind, unsigned long, start, unsigned long, len, int __user *, nmask)',
      '{',
      '\treturn kernel_mbind(start, len, nmask);',
      '}',
    );
    const blanked = blankAnnotations(src).text.split('\n');
    expect(blanked[0]).toBe('long       sys_sync()');
    expect(blanked[4]).toBe('long        sys_mbind( unsigned long  start, unsigned long  len, int __user *  nmask)');
    const facts = await factsOf(src);
    expect(
      facts.functions.map((f) => ({
        name: f.name,
        line: f.span.start.line,
        params: f.params.map((p) => p.name),
        ret: f.returnType,
      })),
    ).toEqual([
      { name: 'sys_sync', line: 1, params: [], ret: 'long' },
      { name: 'sys_mbind', line: 5, params: ['start', 'len', 'nmask'], ret: 'long' },
    ]);
    expect(facts.calls.map((c) => [facts.functions[c.caller]!.name, c.callee, c.loc.line, c.loc.column])).toEqual([
      ['sys_sync', 'ksys_sync', 3, 8],
      ['sys_mbind', 'kernel_mbind', 7, 8],
    ]);
  });

  it('reads iterator macros as loops, so the body and the functions after it are still extracted', async () => {
    const src = lines(
      'static void put_all(struct list_head *head)',
      '{',
      '\tstruct dev_pagemap *pgmap;',
      '',
      '\tlist_for_each_entry(pgmap, head, list) {',
      '\t\tput_dev_pagemap(pgmap);',
      '\t}',
      '}',
      'static void init_pfns(struct dev_pagemap *pgmap)',
      '{',
      '\tunsigned long pfn;',
      '',
      '\tfor_each_device_pfn(pfn, pgmap)',
      '\t\t__init_zone_device_page(pfn_to_page(pfn));',
      '}',
      'int after_loops(void)',
      '{',
      '\treturn 0;',
      '}',
    );
    const blanked = blankAnnotations(src);
    expect(blanked.text.split('\n')[4]).toBe('\twhile              (pgmap, head, list) {');
    expect(blanked.text.split('\n')[12]).toBe('\twhile              (pfn, pgmap)');
    expect(blanked.iterators.map((m) => [m.word, m.arg])).toEqual([
      ['list_for_each_entry', 'pgmap, head, list'],
      ['for_each_device_pfn', 'pfn, pgmap'],
    ]);
    const facts = await factsOf(src);
    expect(facts.errorNodes).toBe(0);
    expect(facts.functions.map((f) => [f.name, f.span.start.line, f.span.end.line])).toEqual([
      ['put_all', 1, 8],
      ['init_pfns', 9, 15],
      ['after_loops', 16, 19],
    ]);
    expect(facts.calls.map((c) => [c.callee, c.loc.line])).toEqual([
      ['put_dev_pagemap', 6],
      ['__init_zone_device_page', 14],
      ['pfn_to_page', 14],
    ]);
  });

  it('leaves a for_each_ call that is an expression alone', () => {
    const src = 'int n = for_each_online_node_count(x);\nif (for_each_thing(a) > 0) return;\n';
    expect(blankAnnotations(src)).toEqual({ text: src, marks: [], iterators: [] });
  });

  it('keeps the first arm of an #ifdef inside call arguments and does not swallow the rest of the file', async () => {
    const src = lines(
      'static void report(int nid)',
      '{',
      '\tpr_info("node %d"',
      '#ifdef CONFIG_NUMA',
      '\t\t" numa %d", nid, numa_id(nid)',
      '#else',
      '\t\t" flat", nid',
      '#endif',
      '\t\t);',
      '}',
      '',
      'int after_report(void)',
      '{',
      '\treturn report_again(1);',
      '}',
    );
    const blanked = blankAnnotations(src).text.split('\n');
    expect(blanked.slice(3, 8)).toEqual([
      spaces('#ifdef CONFIG_NUMA'),
      '\t\t" numa %d", nid, numa_id(nid)',
      spaces('#else'),
      spaces('\t\t" flat", nid'),
      spaces('#endif'),
    ]);
    const facts = await factsOf(src);
    expect(facts.errorNodes).toBe(0);
    expect(facts.functions.map((f) => [f.name, f.span.start.line, f.span.end.line])).toEqual([
      ['report', 1, 10],
      ['after_report', 12, 15],
    ]);
    expect(facts.calls.map((c) => [c.callee, c.loc.line, c.args.length])).toEqual([
      ['pr_info', 3, 3],
      ['numa_id', 5, 1],
      ['report_again', 14, 1],
    ]);
  });
});
