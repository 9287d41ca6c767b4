import { describe, expect, it } from 'vitest';
import { mergeFindingsBySite } from '../../src/core/views/merge-findings.js';
import type { Finding } from '../../src/core/model/finding.js';

const finding = (
  entry: string,
  related: Finding['related'],
  message = 'kasan_remove_zero_shadow() called with mem_hotplug_lock held',
): Finding => ({
  ruleId: 'kasan-under-hotplug-lock',
  severity: 'warning',
  messageId: 'underLock',
  message,
  location: { file: 'kernel/memremap.c', line: 124, column: 1 },
  function: 'devm_memremap_pages_release',
  entry,
  chain: [],
  locks: [],
  related,
  scenario: 'default',
  fingerprint: `f|${entry}`,
});

describe('one finding per place for problem lists', () => {
  it('merges the same finding reached from two entries, keeping every distinct related location once', () => {
    const lock = {
      file: 'kernel/memremap.c',
      line: 121,
      column: 1,
      message: 'mem_hotplug_lock taken here via mem_hotplug_begin()',
    };
    const viaProbe = {
      file: 'kernel/memremap.c',
      line: 237,
      column: 1,
      message: 'devm_memremap_pages() calls devm_memremap_pages_release()',
    };
    const merged = mergeFindingsBySite([
      finding('devm_memremap_pages', [lock, viaProbe]),
      finding('devm_memremap_pages_release', [lock]),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.related).toEqual([lock, viaProbe]);
  });

  it('treats messages that differ only in the entry they name as one, and others apart', () => {
    const a = finding(
      'x',
      [],
      'f() is called here without L, but with L held at a.c:1 (reached from the same entry, x())',
    );
    const b = finding(
      'y',
      [],
      'f() is called here without L, but with L held at a.c:1 (reached from the same entry, y())',
    );
    const c = finding('y', [], 'something else');
    expect(mergeFindingsBySite([a, b, c]).map((f) => f.entry)).toEqual(['x', 'y']);
  });
});
