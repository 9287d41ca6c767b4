// Fact extraction from small kernel-C snippets: functions with exact spans and linkage, calls with exact
// positions, pointer calls with receiver chains, registered callbacks, ops bindings, types, ERROR recovery.

import { beforeAll, describe, expect, it } from 'vitest';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { factsOf, lines } from './parse.js';

const SOURCE = lines(
  /*  1 */ '#define PAGES_PER_SECTION 32768',
  /*  2 */ 'enum zone_type { ZONE_NORMAL, ZONE_DEVICE };',
  /*  3 */ 'typedef struct pglist_data {',
  /*  4 */ '\tunsigned long node_start_pfn;',
  /*  5 */ '\tstruct zone node_zones[4];',
  /*  6 */ '} pg_data_t;',
  /*  7 */ 'struct dev_pagemap_ops {',
  /*  8 */ '\tvoid (*page_free)(struct page *page);',
  /*  9 */ '};',
  /* 10 */ 'struct dev_pagemap {',
  /* 11 */ '\tconst struct dev_pagemap_ops *ops;',
  /* 12 */ '\tstruct range range;',
  /* 13 */ '};',
  /* 14 */ 'static const struct dev_pagemap_ops fs_dax_ops = {',
  /* 15 */ '\t.page_free = fs_dax_page_free,',
  /* 16 */ '};',
  /* 17 */ 'int memhp_default_online;',
  /* 18 */ '',
  /* 19 */ 'static void devm_release(void *data)',
  /* 20 */ '{',
  /* 21 */ '\tmemunmap_pages(data);',
  /* 22 */ '}',
  /* 23 */ '',
  /* 24 */ 'static inline int __weak arch_hook(int nid, u64 start)',
  /* 25 */ '{',
  /* 26 */ '\treturn 0;',
  /* 27 */ '}',
  /* 28 */ '',
  /* 29 */ 'int devm_setup(struct device *dev, struct dev_pagemap *pgmap)',
  /* 30 */ '{',
  /* 31 */ '\tstruct dev_pagemap_ops *ops = get_ops(pgmap);',
  /* 32 */ '\tint rc = devm_add_action_or_reset(dev, devm_release, pgmap);',
  /* 33 */ '',
  /* 34 */ '\tif (rc)',
  /* 35 */ '\t\treturn rc;',
  /* 36 */ '\tpgmap->ops->page_free(pfn_to_page(pgmap->range.start));',
  /* 37 */ '\tops->page_free = &fs_dax_page_free;',
  /* 38 */ '\tqueue_work(system_wq, &pgmap->work);',
  /* 39 */ '\treturn arch_hook(dev_to_node(dev), pgmap->range.start);',
  /* 40 */ '}',
  /* 41 */ '',
  /* 42 */ 'int broken(void)',
  /* 43 */ '{',
  /* 44 */ '\tint x = ) 3;',
  /* 45 */ '\treturn x;',
  /* 46 */ '}',
  /* 47 */ '',
  /* 48 */ 'void after_error(void)',
  /* 49 */ '{',
  /* 50 */ '\tdevm_setup(NULL, NULL);',
  /* 51 */ '}',
);

describe('extractFacts', () => {
  let facts: FileFacts;
  beforeAll(async () => {
    facts = await factsOf(SOURCE, 'mm/memremap.c');
  });

  it('finds every function with its exact span, name position and linkage', () => {
    expect(facts.path).toBe('mm/memremap.c');
    expect(
      facts.functions.map((f) => ({
        name: f.name,
        span: f.span,
        nameLoc: f.nameLoc,
        isStatic: f.isStatic,
        isInline: f.isInline,
        isWeak: f.isWeak,
      })),
    ).toEqual([
      {
        name: 'devm_release',
        span: { start: { line: 19, column: 0 }, end: { line: 22, column: 1 } },
        nameLoc: { line: 19, column: 12 },
        isStatic: true,
        isInline: false,
        isWeak: false,
      },
      {
        name: 'arch_hook',
        span: { start: { line: 24, column: 0 }, end: { line: 27, column: 1 } },
        nameLoc: { line: 24, column: 25 },
        isStatic: true,
        isInline: true,
        isWeak: true,
      },
      {
        name: 'devm_setup',
        span: { start: { line: 29, column: 0 }, end: { line: 40, column: 1 } },
        nameLoc: { line: 29, column: 4 },
        isStatic: false,
        isInline: false,
        isWeak: false,
      },
      {
        name: 'broken',
        span: { start: { line: 42, column: 0 }, end: { line: 46, column: 1 } },
        nameLoc: { line: 42, column: 4 },
        isStatic: false,
        isInline: false,
        isWeak: false,
      },
      {
        name: 'after_error',
        span: { start: { line: 48, column: 0 }, end: { line: 51, column: 1 } },
        nameLoc: { line: 48, column: 5 },
        isStatic: false,
        isInline: false,
        isWeak: false,
      },
    ]);
  });

  it('lists parameters with their types, none for (void), and locals with their base types', () => {
    const byName = new Map(facts.functions.map((f) => [f.name, f]));
    expect(byName.get('devm_release')!.params).toEqual([{ name: 'data', type: 'void *data' }]);
    expect(byName.get('arch_hook')!.params).toEqual([
      { name: 'nid', type: 'int nid' },
      { name: 'start', type: 'u64 start' },
    ]);
    expect(byName.get('devm_setup')!.params).toEqual([
      { name: 'dev', type: 'struct device *dev' },
      { name: 'pgmap', type: 'struct dev_pagemap *pgmap' },
    ]);
    expect(byName.get('after_error')!.params).toEqual([]);
    expect(byName.get('devm_setup')!.locals).toEqual({ ops: 'dev_pagemap_ops', rc: 'int' });
    expect(byName.get('devm_setup')!.returnType).toBe('int');
    expect(byName.get('arch_hook')!.annotations).toEqual(['__weak']);
  });

  it('records each call with its caller, exact line and column, and argument texts', () => {
    expect(
      facts.calls.map((c) => [facts.functions[c.caller]!.name, c.callee, c.kind, c.loc.line, c.loc.column, c.args]),
    ).toEqual([
      ['devm_release', 'memunmap_pages', 'direct', 21, 1, ['data']],
      ['devm_setup', 'get_ops', 'direct', 31, 31, ['pgmap']],
      ['devm_setup', 'devm_add_action_or_reset', 'direct', 32, 10, ['dev', 'devm_release', 'pgmap']],
      ['devm_setup', 'page_free', 'pointer', 36, 1, ['pfn_to_page(pgmap->range.start)']],
      ['devm_setup', 'pfn_to_page', 'direct', 36, 23, ['pgmap->range.start']],
      ['devm_setup', 'queue_work', 'direct', 38, 1, ['system_wq', '&pgmap->work']],
      ['devm_setup', 'arch_hook', 'direct', 39, 8, ['dev_to_node(dev)', 'pgmap->range.start']],
      ['devm_setup', 'dev_to_node', 'direct', 39, 18, ['dev']],
      ['after_error', 'devm_setup', 'direct', 50, 1, ['NULL', 'NULL']],
    ]);
  });

  it('gives a member call its receiver chain from the declared variable type', () => {
    const call = facts.calls.find((c) => c.kind === 'pointer')!;
    expect(call.calleeText).toBe('pgmap->ops->page_free');
    expect(call.receiver).toEqual({ baseVar: 'pgmap', baseType: 'dev_pagemap', fields: ['ops'] });
  });

  it('marks a function handed to a registration call with the registrar in via', () => {
    const refs = facts.functionRefs.filter((r) => r.fn === 'devm_release' || r.fn === 'fs_dax_page_free');
    expect(
      refs.map((r) => [r.caller === -1 ? '<file scope>' : facts.functions[r.caller]!.name, r.fn, r.loc, r.via]),
    ).toEqual([
      ['<file scope>', 'fs_dax_page_free', { line: 15, column: 14 }, ''],
      ['devm_setup', 'devm_release', { line: 32, column: 40 }, 'devm_add_action_or_reset'],
      ['devm_setup', 'fs_dax_page_free', { line: 37, column: 19 }, ''],
    ]);
  });

  it('binds ops from designated initializers (by struct type) and from x->field = fn (by receiver)', () => {
    expect(facts.opsBindings).toEqual([
      {
        structType: 'dev_pagemap_ops',
        field: 'page_free',
        fn: 'fs_dax_page_free',
        loc: { line: 15, column: 14 },
        holder: 'fs_dax_ops',
      },
      {
        field: 'page_free',
        fn: 'fs_dax_page_free',
        loc: { line: 37, column: 19 },
        holder: '',
        receiver: { baseVar: 'ops', baseType: 'dev_pagemap_ops', fields: [] },
      },
    ]);
  });

  it('records struct fields, typedefs, globals and file-scope names', () => {
    expect(facts.structs).toEqual([
      { name: 'pglist_data', fields: { node_start_pfn: 'long', node_zones: 'zone' } },
      { name: 'dev_pagemap_ops', fields: { page_free: 'void' } },
      { name: 'dev_pagemap', fields: { ops: 'dev_pagemap_ops', range: 'range' } },
    ]);
    expect(facts.typedefs).toEqual({ pg_data_t: 'pglist_data' });
    expect(facts.globals).toEqual({ fs_dax_ops: 'dev_pagemap_ops', memhp_default_online: 'int' });
    expect(facts.declaredNames).toEqual([
      'PAGES_PER_SECTION',
      'ZONE_DEVICE',
      'ZONE_NORMAL',
      'fs_dax_ops',
      'memhp_default_online',
      'pg_data_t',
    ]);
  });

  it('counts ERROR nodes with their position and still extracts the function after them', () => {
    expect(facts.errorNodes).toBe(1);
    expect(facts.problems).toEqual([
      { loc: { line: 44, column: 9 }, message: 'syntax the C grammar could not parse in broken()' },
    ]);
    expect(facts.functions.at(-1)!.name).toBe('after_error');
  });
});

describe('extractFacts on odd input', () => {
  it('binds nested designated initializers to the nested struct type and local initializers to their function', async () => {
    const facts = await factsOf(
      lines(
        'static struct memory_dev_type dax_type = {',
        '\t.ops = { .online = dax_online, .offline = &dax_offline },',
        '};',
        'void setup(void)',
        '{',
        '\tstruct notifier_block nb = { .notifier_call = hotplug_cb };',
        '}',
      ),
    );
    expect(facts.opsBindings.map((b) => [b.structType, b.field, b.fn, b.holder, b.loc.line])).toEqual([
      ['memory_dev_type.ops', 'online', 'dax_online', 'dax_type', 2],
      ['memory_dev_type.ops', 'offline', 'dax_offline', 'dax_type', 2],
      ['notifier_block', 'notifier_call', 'hotplug_cb', 'nb', 6],
    ]);
    expect(facts.functionRefs.map((r) => [r.caller, r.fn])).toEqual([
      [-1, 'dax_online'],
      [-1, 'dax_offline'],
      [0, 'hotplug_cb'],
    ]);
  });

  it('does not take a local function-pointer variable for a function, and calls through it are pointer calls', async () => {
    const facts = await factsOf(
      lines(
        'int walk(int (*fn)(void *), void *arg)',
        '{',
        '\tint (*cb)(void *) = fn;',
        '\tregister_hook(cb);',
        '\treturn fn(arg) + (*cb)(arg);',
        '}',
      ),
    );
    expect(facts.calls.map((c) => [c.callee, c.kind, c.calleeText])).toEqual([
      ['register_hook', 'direct', 'register_hook'],
      ['fn', 'pointer', 'fn'],
      ['cb', 'pointer', '(*cb)'],
    ]);
    expect(facts.functionRefs).toEqual([]);
  });

  it('keeps going after an unparseable file-scope line and reports where it was', async () => {
    const facts = await factsOf(
      lines('int first(void) { return 1; }', 'MODULE_WEIRD(((;', 'int second(void) { return first(); }'),
    );
    expect(facts.functions.map((f) => [f.name, f.span.start.line])).toEqual([
      ['first', 1],
      ['second', 3],
    ]);
    expect(facts.errorNodes).toBeGreaterThan(0);
    expect(facts.problems[0]!.loc.line).toBe(2);
    expect(facts.calls.map((c) => [facts.functions[c.caller]!.name, c.callee, c.loc.line])).toEqual([
      ['second', 'first', 3],
    ]);
  });

  it('takes the leading comment block as the contract text of the function', async () => {
    const facts = await factsOf(
      lines(
        '/*',
        ' * Must be called with mem_hotplug_lock in write mode.',
        ' */',
        'int arch_add_memory(int nid) { return 0; }',
        '',
        '/* unrelated */',
        '',
        'int other(void) { return 0; }',
      ),
    );
    expect(facts.functions.map((f) => f.leadingComment)).toEqual([
      '/*\n * Must be called with mem_hotplug_lock in write mode.\n */',
      '',
    ]);
  });
});
