// `#if` condition evaluation against a kernel configuration: true, false, or undefined when the
// condition depends on a symbol the configuration does not fix.

import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateConditions } from '../../src/core/kernel/condition.js';
import { defaultConfig, type KernelConfig } from '../../src/core/kernel/config.js';
import { factsOf, lines } from './parse.js';

const config: KernelConfig = {
  arch: 'x86',
  enabled: new Set(['CONFIG_NUMA', 'CONFIG_MEMORY_HOTPLUG', 'CONFIG_KASAN']),
  disabled: new Set(['CONFIG_FLATMEM', 'CONFIG_X86_32']),
};

describe('evaluateCondition', () => {
  it.each([
    ['defined(CONFIG_NUMA)', true],
    ['defined CONFIG_NUMA', true],
    ['defined(CONFIG_FLATMEM)', false],
    ['IS_ENABLED(CONFIG_KASAN)', true],
    ['IS_ENABLED(CONFIG_X86_32)', false],
    ['IS_BUILTIN(CONFIG_MEMORY_HOTPLUG)', true],
    ['IS_MODULE(CONFIG_MEMORY_HOTPLUG)', false],
    ['CONFIG_NUMA', true],
    ['!defined(CONFIG_NUMA)', false],
    ['!IS_ENABLED(CONFIG_FLATMEM)', true],
    ['defined(CONFIG_NUMA) && defined(CONFIG_KASAN)', true],
    ['defined(CONFIG_NUMA) && defined(CONFIG_FLATMEM)', false],
    ['defined(CONFIG_FLATMEM) || defined(CONFIG_KASAN)', true],
    ['defined(CONFIG_FLATMEM) || defined(CONFIG_X86_32)', false],
    ['(defined(CONFIG_FLATMEM) || defined(CONFIG_NUMA)) && !defined(CONFIG_X86_32)', true],
    ['0', false],
    ['1', true],
  ] as const)('%s is %s', (text, expected) => {
    expect(evaluateCondition(text, config)).toBe(expected);
  });

  it('treats include guards as not yet defined, so the guarded body is kept', () => {
    expect(evaluateCondition('defined(_LINUX_MEMORY_HOTPLUG_H)', config)).toBe(false);
    expect(evaluateCondition('!defined(_LINUX_MEMORY_HOTPLUG_H)', config)).toBe(true);
    expect(evaluateCondition('!defined(__LINUX_MM_H__)', config)).toBe(true);
  });

  it('leaves unknown CONFIG_ symbols undefined, and lets a known side decide where it can', () => {
    expect(evaluateCondition('defined(CONFIG_SOMETHING_NEW)', config)).toBeUndefined();
    expect(evaluateCondition('!IS_ENABLED(CONFIG_SOMETHING_NEW)', config)).toBeUndefined();
    expect(evaluateCondition('defined(CONFIG_SOMETHING_NEW) && defined(CONFIG_NUMA)', config)).toBeUndefined();
    expect(evaluateCondition('defined(CONFIG_SOMETHING_NEW) && defined(CONFIG_FLATMEM)', config)).toBe(false);
    expect(evaluateCondition('defined(CONFIG_SOMETHING_NEW) || defined(CONFIG_NUMA)', config)).toBe(true);
    expect(evaluateCondition('defined(CONFIG_SOMETHING_NEW) || defined(CONFIG_FLATMEM)', config)).toBeUndefined();
    expect(evaluateCondition('MAX_NUMNODES > 1', config)).toBeUndefined();
  });
});

describe('evaluateConditions', () => {
  it('combines nested conditions and negates #else arms', async () => {
    const facts = await factsOf(
      lines(
        '#ifndef _LINUX_HOTPLUG_H',
        '#define _LINUX_HOTPLUG_H',
        '#ifdef CONFIG_KASAN',
        'int kasan_add_zero_shadow(void *start, unsigned long size) { return map_shadow(start, size); }',
        '#else',
        'static inline int kasan_add_zero_shadow(void *start, unsigned long size) { return 0; }',
        '#endif',
        '#if defined(CONFIG_FLATMEM) || IS_ENABLED(CONFIG_SOMETHING_NEW)',
        'int flat_or_new(void) { return 1; }',
        '#endif',
        '#endif',
      ),
      'include/linux/hotplug.h',
    );
    const verdicts = facts.functions.map((f) => [
      f.name,
      f.span.start.line,
      f.conditions,
      evaluateConditions(f.conditions, defaultConfig()),
    ]);
    expect(verdicts).toEqual([
      [
        'kasan_add_zero_shadow',
        4,
        [
          { text: '!defined(_LINUX_HOTPLUG_H)', negated: false },
          { text: 'defined(CONFIG_KASAN)', negated: false },
        ],
        true,
      ],
      [
        'kasan_add_zero_shadow',
        6,
        [
          { text: '!defined(_LINUX_HOTPLUG_H)', negated: false },
          { text: 'defined(CONFIG_KASAN)', negated: true },
        ],
        false,
      ],
      [
        'flat_or_new',
        9,
        [
          { text: '!defined(_LINUX_HOTPLUG_H)', negated: false },
          { text: 'defined(CONFIG_FLATMEM) || IS_ENABLED(CONFIG_SOMETHING_NEW)', negated: false },
        ],
        undefined,
      ],
    ]);
  });
});
