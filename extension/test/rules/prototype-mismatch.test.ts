// prototype-mismatch: a prototype and a definition of one function, one of them added by the series, that
// disagree on the count or types of their parameters, or (both added) on their names.

import { beforeAll, expect, it } from 'vitest';
import { PROTOTYPE_META } from '../../src/core/patch/checks/prototype.js';
import { fixtureTree, type FixtureTree } from '../patch/tree.js';
import { patchFindings, patchRuleTester, type PatchCase } from './patch-tester.js';

const HEADER = 'include/linux/memory_hotplug.h';
const SOURCE = 'mm/memory_hotplug.c';

const bothSides = (name: string, proto: string, def: string): PatchCase => ({
  name,
  additions: [
    { file: HEADER, after: 94, lines: [proto] },
    { file: SOURCE, after: 20, lines: [def, '{', '\treturn nid;', '}'] },
  ],
});

const changedType: PatchCase = {
  name: 'an added prototype changes the type of an existing definition parameter',
  additions: [
    {
      file: HEADER,
      after: 94,
      lines: ['extern int online_pages(unsigned long pfn, long nr_pages, int online_type); /*! type long nr_pages */'],
    },
  ],
};

patchRuleTester(PROTOTYPE_META, {
  valid: [
    bothSides(
      'both sides added with the same names',
      'extern int demo_probe(int nid, bool mapping);',
      'int demo_probe(int nid, bool mapping)',
    ),
    {
      name: 'an added prototype that matches the existing definition',
      additions: [
        {
          file: HEADER,
          after: 94,
          lines: ['extern int online_pages(unsigned long pfn, unsigned long nr_pages, int online_type);'],
        },
      ],
    },
  ],
  invalid: [
    changedType,
    {
      name: 'an added prototype drops a parameter',
      additions: [
        {
          file: HEADER,
          after: 94,
          lines: ['extern int offline_pages(unsigned long start_pfn); /*! count offline_pages */'],
        },
      ],
    },
    bothSides(
      'both sides added, one flag named for opposite meanings',
      'extern int demo_probe(int nid, bool private_mem);',
      'int demo_probe(int nid, bool mapping) /*! name bool mapping */',
    ),
  ],
});

let tree: FixtureTree;
beforeAll(async () => {
  tree = await fixtureTree();
});

it('prototype-mismatch follows --rule: off drops it, a level replaces the severity of every message', async () => {
  expect((await patchFindings(tree, PROTOTYPE_META, changedType)).map((f) => f.finding.severity)).toEqual(['error']);
  expect(await patchFindings(tree, PROTOTYPE_META, changedType, { 'prototype-mismatch': 'off' })).toEqual([]);
  const warning = await patchFindings(tree, PROTOTYPE_META, changedType, { 'prototype-mismatch': 'warning' });
  expect(warning.map((f) => f.finding.severity)).toEqual(['warning']);
});
