// The Makefile reader on small snippets: statements with their lines, continuations, comments, recipes
// skipped, and the problems it reports for what it cannot read.

import { describe, expect, it } from 'vitest';
import { parseMakefile } from '../../src/core/kbuild/parse.js';

const text = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('parseMakefile', () => {
  it('reads assignments of every flavour, each value word with its physical line', () => {
    const parsed = parseMakefile(
      text(
        '# comment',
        'obj-y := a.o \\',
        '\t  b.o   # trailing comment c.o',
        'obj-$(CONFIG_X) += d/',
        'FOO ?= 1',
        'BAR = $(FOO)',
        'export BITS := 64',
        'obj-$(subst m,y,$(CONFIG_H)) += h/',
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements).toEqual([
      {
        kind: 'assign',
        line: 2,
        name: 'obj-y',
        op: ':=',
        value: 'a.o b.o',
        words: [
          { text: 'a.o', line: 2 },
          { text: 'b.o', line: 3 },
        ],
        exported: false,
      },
      {
        kind: 'assign',
        line: 4,
        name: 'obj-$(CONFIG_X)',
        op: '+=',
        value: 'd/',
        words: [{ text: 'd/', line: 4 }],
        exported: false,
      },
      { kind: 'assign', line: 5, name: 'FOO', op: '?=', value: '1', words: [{ text: '1', line: 5 }], exported: false },
      {
        kind: 'assign',
        line: 6,
        name: 'BAR',
        op: '=',
        value: '$(FOO)',
        words: [{ text: '$(FOO)', line: 6 }],
        exported: false,
      },
      {
        kind: 'assign',
        line: 7,
        name: 'BITS',
        op: ':=',
        value: '64',
        words: [{ text: '64', line: 7 }],
        exported: true,
      },
      {
        kind: 'assign',
        line: 8,
        name: 'obj-$(subst m,y,$(CONFIG_H))',
        op: '+=',
        value: 'h/',
        words: [{ text: 'h/', line: 8 }],
        exported: false,
      },
    ]);
  });

  it('reads conditionals, exports and includes, and skips rules with their recipes (conditionals inside too)', () => {
    const parsed = parseMakefile(
      text(
        'ifdef CONFIG_A',
        'ifeq ($(CONFIG_B),y)',
        'else ifneq "$(X)" "1"',
        'else',
        'endif',
        'endif',
        'export BITS',
        'include $(srctree)/x.mk',
        'all: vmlinux',
        'ifdef CONFIG_C',
        '\t$(Q)$(MAKE) posttest',
        'endif',
        '\t@echo done',
        'undefine FOO',
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.statements).toEqual([
      { kind: 'if', line: 1, test: 'ifdef', args: ['CONFIG_A'], text: 'ifdef CONFIG_A' },
      { kind: 'if', line: 2, test: 'ifeq', args: ['$(CONFIG_B)', 'y'], text: 'ifeq ($(CONFIG_B),y)' },
      { kind: 'else', line: 3, test: 'ifneq', args: ['$(X)', '1'], text: 'else ifneq "$(X)" "1"' },
      { kind: 'else', line: 4, text: 'else' },
      { kind: 'endif', line: 5 },
      { kind: 'endif', line: 6 },
      { kind: 'export', line: 7, names: ['BITS'] },
      { kind: 'include', line: 8, files: '$(srctree)/x.mk' },
      { kind: 'rule', line: 9 },
      { kind: 'if', line: 10, test: 'ifdef', args: ['CONFIG_C'], text: 'ifdef CONFIG_C' },
      { kind: 'endif', line: 12 },
      { kind: 'undefine', line: 14, name: 'FOO' },
    ]);
  });

  it('names the line of what it cannot read', () => {
    expect(parseMakefile(text('endif', 'obj-y += a.o', 'what is this', 'ifeq (a)', 'ifdef CONFIG_A')).problems).toEqual(
      [
        { line: 1, message: 'endif without a matching if' },
        { line: 3, message: "not an assignment, rule or directive: 'what is this'" },
        { line: 4, message: "cannot read the condition of 'ifeq (a)'" },
        { line: 4, message: 'conditional without endif' },
        { line: 5, message: 'conditional without endif' },
      ],
    );
  });

  it('reports a define without endef', () => {
    expect(parseMakefile(text('define cmd_x', '\techo $@')).problems).toEqual([
      { line: 1, message: 'define without endef' },
    ]);
  });
});
