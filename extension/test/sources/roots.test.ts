// Which kernel root a document belongs to in a multi-root window: the deepest root holding it, never a
// sibling whose name merely starts the same.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { containingRoot, isKernelRoot } from '../../src/surfaces/node/roots.js';
import { repoRoot } from '../cli/run-cli.js';

describe('containingRoot', () => {
  const roots = ['/src/linux-a', '/src/linux-a/nested', '/src/linux-b'];

  it('picks the root that holds the file', () => {
    expect(containingRoot('/src/linux-a/mm/memremap.c', roots)).toBe('/src/linux-a');
    expect(containingRoot('/src/linux-b/mm/memremap.c', roots)).toBe('/src/linux-b');
  });

  it('picks the deepest root when roots nest', () => {
    expect(containingRoot('/src/linux-a/nested/mm/memremap.c', roots)).toBe('/src/linux-a/nested');
  });

  it('does not take a sibling with a common prefix, nor the root folder itself, nor a file outside', () => {
    expect(containingRoot('/src/linux-ab/mm/memremap.c', roots)).toBeUndefined();
    expect(containingRoot('/src/linux-a', roots)).toBeUndefined();
    expect(containingRoot('/tmp/mm/memremap.c', roots)).toBeUndefined();
    expect(containingRoot('/src/linux-a/mm/memremap.c', [])).toBeUndefined();
  });

  it('accepts roots given with a trailing slash', () => {
    expect(containingRoot('/src/linux-b/mm/hmm.c', ['/src/linux-b/'])).toBe('/src/linux-b/');
  });
});

describe('isKernelRoot', () => {
  it('is true for a folder holding mm/memory_hotplug.c only', () => {
    expect(isKernelRoot(join(repoRoot, 'test-fixtures/linux-4.19-shape'))).toBe(true);
    expect(isKernelRoot(join(repoRoot, 'test-fixtures/linux-4.19-shape/mm'))).toBe(false);
    expect(isKernelRoot(join(repoRoot, 'test-fixtures'))).toBe(false);
  });
});
