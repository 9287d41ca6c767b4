// A C file the series leaves with a line too long to parse is refused by the index after the series; the
// review says so at the patch, rather than let the file's findings read as fixed without a word.

import { beforeAll, describe, expect, it } from 'vitest';
import { problemLine } from '../../src/core/patch/types.js';
import { formatPatch, rows, source } from '../patch/helpers.js';
import { fixtureTree, reviewWith, type FixtureTree } from '../patch/tree.js';

/** A mail creating mm/long_line.c: a function whose body holds one line of `=` of the given length. */
const mail = (length: number) =>
  formatPatch({
    subject: '[PATCH] mm: add long_line.c',
    diff: rows(
      'diff --git a/mm/long_line.c b/mm/long_line.c',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/mm/long_line.c',
      '@@ -0,0 +1,5 @@',
      '+int long_line(void)',
      '+{',
      `+${'='.repeat(length)}`,
      '+\treturn 0;',
      '+}',
    ),
  });

let tree: FixtureTree;
beforeAll(async () => {
  tree = await fixtureTree();
});

describe('a post-image the index refuses', () => {
  it('is a problem at the first line the series added to it, naming the line and its length', async () => {
    const review = await reviewWith(tree, [source('long.mbox', mail(200_000))]);
    expect(review.problems.map(problemLine)).toEqual([
      'long.mbox:14: [PATCH] mm: add long_line.c: mm/long_line.c hunk #1: mm/long_line.c is not analysed after the series ' +
        '(line 3 is 200000 characters long, over the 131072 limit); its findings and paths are left out of the tree after it',
    ]);
    expect(review.reviewed).toBe(true);
  });

  it('is no problem when the line is within the limit', async () => {
    const review = await reviewWith(tree, [source('long.mbox', mail(131_072))]);
    expect(review.problems).toEqual([]);
  });
});
