// What the kernel's pfn and section tests prove about a pfn's memmap. `pfn_valid()` and `valid_section()`
// prove a memmap exists, not that it is initialized (offline memory, ZONE_DEVICE, the altmap reserve);
// `pfn_to_online_page()` and `online_section()` prove the memory is online, so its memmap is initialized.

import { byName } from './by-name.js';

/** What a true answer proves about the section holding the pfn. */
export type SectionFact = 'present' | 'valid' | 'online';

export interface PfnTest {
  /** Which argument is tested, and as what: a pfn, a `struct mem_section *`, or a section number. */
  arg: number;
  takes: 'pfn' | 'section' | 'section-nr';
  proves: SectionFact;
  /** A true answer is the pfn's struct page (`pfn_to_online_page()`), or just non-zero. */
  returns: 'page' | 'bool';
}

export const PFN_TESTS: Readonly<Record<string, PfnTest>> = byName({
  pfn_valid: { arg: 0, takes: 'pfn', proves: 'valid', returns: 'bool' },
  pfn_in_present_section: { arg: 0, takes: 'pfn', proves: 'present', returns: 'bool' },
  pfn_to_online_page: { arg: 0, takes: 'pfn', proves: 'online', returns: 'page' },
  valid_section: { arg: 0, takes: 'section', proves: 'valid', returns: 'bool' },
  present_section: { arg: 0, takes: 'section', proves: 'present', returns: 'bool' },
  online_section: { arg: 0, takes: 'section', proves: 'online', returns: 'bool' },
  valid_section_nr: { arg: 0, takes: 'section-nr', proves: 'valid', returns: 'bool' },
  present_section_nr: { arg: 0, takes: 'section-nr', proves: 'present', returns: 'bool' },
  online_section_nr: { arg: 0, takes: 'section-nr', proves: 'online', returns: 'bool' },
});
