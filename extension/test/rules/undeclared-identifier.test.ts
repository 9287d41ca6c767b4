// undeclared-identifier: a name on an added line that its function does not declare and that is a
// variable of other functions nearby (a helper split out of its caller that forgot a variable).

import { beforeAll, expect, it } from 'vitest';
import { UNDECLARED_META } from '../../src/core/patch/checks/undeclared.js';
import { fixtureTree, type FixtureTree } from '../patch/tree.js';
import { patchFindings, patchRuleTester, type PatchCase } from './patch-tester.js';

const FILE = 'mm/memory_hotplug.c';
const helper = (name: string, params: string, body: string[]): PatchCase => ({
  name,
  additions: [{ file: FILE, after: 20, lines: [`static int demo_helper(${params})`, '{', ...body, '}'] }],
});

const forgotNrPages = helper(
  'a helper uses nr_pages, a variable of the functions it came from',
  'int nid, unsigned long pfn',
  ['\treturn add_pages(nid, pfn, nr_pages, NULL); /*! undeclared nr_pages */'],
);

patchRuleTester(UNDECLARED_META, {
  valid: [
    helper('the helper takes nr_pages as a parameter', 'int nid, unsigned long pfn, unsigned long nr_pages', [
      '\treturn add_pages(nid, pfn, nr_pages, NULL);',
    ]),
    helper('locals, globals, macros, enum constants, members and labels', 'struct zone *zone, int nid', [
      '\tunsigned long n = zone->zone_start_pfn + ZONE_DEVICE + nid + memhp_auto_online;',
      '\tif (!n)',
      '\t\tgoto out;',
      '\tn += PAGES_PER_SECTION;',
      'out:',
      '\treturn (int)n;',
    ]),
    helper('a name declared nowhere in the tree is left to the headers outside the scope', 'int nid', [
      '\treturn nid + never_a_variable_anywhere;',
    ]),
  ],
  invalid: [
    forgotNrPages,
    helper('two helpers lose two variables', 'int nid', [
      '\tunsigned long end = pfn + 1; /*! undeclared pfn */',
      '\treturn add_pages(nid, end, nr_pages, NULL); /*! undeclared nr_pages */',
    ]),
  ],
});

let tree: FixtureTree;
beforeAll(async () => {
  tree = await fixtureTree();
});

it('undeclared-identifier follows --rule: off drops it, a level replaces its severity', async () => {
  expect((await patchFindings(tree, UNDECLARED_META, forgotNrPages)).map((f) => f.finding.severity)).toEqual(['error']);
  expect(await patchFindings(tree, UNDECLARED_META, forgotNrPages, { 'undeclared-identifier': 'off' })).toEqual([]);
  const info = await patchFindings(tree, UNDECLARED_META, forgotNrPages, { 'undeclared-identifier': 'info' });
  expect(info.map((f) => f.finding.severity)).toEqual(['info']);
});
