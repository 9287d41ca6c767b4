import { describe, expect, it } from 'vitest';
import { parseSubject } from '../../src/core/patch/subject.js';

describe('parseSubject', () => {
  it.each([
    [
      '[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
      {
        title: 'mm/memory_hotplug: Create add/del_device_memory functions',
        tags: [],
        version: 1,
        index: 2,
        total: 5,
        isCover: false,
        isReply: false,
      },
    ],
    [
      '[PATCH v3 0/7] mm: cover',
      { title: 'mm: cover', tags: [], version: 3, index: 0, total: 7, isCover: true, isReply: false },
    ],
    [
      '[RFC PATCH v2 1/3] x',
      { title: 'x', tags: ['RFC'], version: 2, index: 1, total: 3, isCover: false, isReply: false },
    ],
    [
      '[PATCH net-next v3 2/7] net: y',
      { title: 'net: y', tags: ['net-next'], version: 3, index: 2, total: 7, isCover: false, isReply: false },
    ],
    [
      '[RFC][PATCH 02/10] z',
      { title: 'z', tags: ['RFC'], version: 1, index: 2, total: 10, isCover: false, isReply: false },
    ],
    [
      'Re: [PATCH 2/5] mm: w',
      { title: 'mm: w', tags: [], version: 1, index: 2, total: 5, isCover: false, isReply: true },
    ],
    ['[PATCH] single', { title: 'single', tags: [], version: 1, index: 1, total: 1, isCover: false, isReply: false }],
    [
      'no brackets at all',
      { title: 'no brackets at all', tags: [], version: 1, index: 1, total: 1, isCover: false, isReply: false },
    ],
  ])('%s', (subject, expected) => {
    expect(parseSubject(subject)).toEqual(expected);
  });
});
