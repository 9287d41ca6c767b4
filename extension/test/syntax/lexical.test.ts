// The lexical pass: the names a file may hold facts for, without tree-sitter. Each set must cover what
// extraction finds; what it adds beyond that only costs a demand run a file parsed for nothing.

import { describe, expect, it } from 'vitest';
import { declarationPattern, lexicalKeys } from '../../src/core/syntax/lexical.js';

const sorted = (xs: string[]) => [...xs].sort();

describe('lexicalKeys', () => {
  it('finds definitions at file scope with the kernel shapes, not prototypes, calls or macros without a body', () => {
    const keys = lexicalKeys(
      [
        'static int __meminit add_one(struct page *page)',
        '{',
        '\tif (check(page)) {',
        '\t\tlist_for_each_entry(p, &head, list) {',
        '\t\t}',
        '\t}',
        '\treturn helper(page);',
        '}',
        'unsigned long',
        'next_line(void) __releases(&lock)',
        '{ return 0; }',
        'extern void proto_only(int a);',
        'EXPORT_SYMBOL(add_one);',
        'SYSCALL_DEFINE2(mbind, unsigned long, start, int, n)',
        '{',
        '}',
        '#define MAKE(name) static int name##_fn(void) { return 0; }',
        '#ifdef CONFIG_X',
        'static void arm(int a) {',
        '#else',
        'static void arm(void) {',
        '#endif',
        '}',
        'static void after(void) { }',
      ].join('\n'),
    );
    // The macro names before a body count too (a superset: the grammar may take them for the declarator).
    expect(sorted(keys.defs)).toEqual([
      'SYSCALL_DEFINE2',
      '__releases',
      '_fn',
      'add_one',
      'after',
      'arm',
      'next_line',
      'sys_mbind',
    ]);
  });

  it('finds struct names, members (function pointers returning pointers too), typedefs and bound members', () => {
    const keys = lexicalKeys(
      [
        'struct dev_ops __randomize_layout {',
        '\tstruct page *(*alloc)(int n);',
        '\tspinlock_t lock;',
        '};',
        'typedef struct dev_ops dev_ops_t;',
        'static const struct dev_ops ops = {',
        '\t.alloc = my_alloc,',
        '\t.inner.release = my_release,',
        '};',
        'void set(struct dev *d) { d->ops->free = my_free; d->flags |= 1; if (d->x == 2) return; }',
      ].join('\n'),
    );
    expect(sorted(keys.structs)).toEqual(['__randomize_layout', 'dev_ops']);
    expect(sorted(keys.members)).toEqual(['alloc', 'lock', 'n', 'page', 'spinlock_t']);
    expect(sorted(keys.typedefs)).toEqual(['dev_ops', 'dev_ops_t']);
    expect(sorted(keys.bindFields)).toEqual(['alloc', 'flags', 'free', 'inner', 'ops', 'release']);
  });
});

describe('declarationPattern', () => {
  it('matches a declaration of the name, not its uses in expressions', () => {
    const p = declarationPattern(['pool']);
    for (const decl of [
      'static struct gen_pool *pool;',
      'int a, pool = 1;',
      'long pool[4];',
      'int pool __read_mostly;',
    ])
      expect(p.test(decl)).toBe(true);
    for (const use of ['return pool;', 'x = pool;', 'f(pool->next);', 'poolside = 1;']) expect(p.test(use)).toBe(false);
  });
});
