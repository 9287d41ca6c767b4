// Where a user's values enter on a root's path, as data: the text a sysfs store is handed, and the calls
// that parse a number out of a text. A number so parsed may name any pfn, memory the kernel has a memmap
// for but never initialized (offline, never onlined, ZONE_DEVICE) included.

import { byName } from './by-name.js';
import type { RootKind } from './roots.js';

/** The parameter (by position) that holds the text the user wrote, per root kind. */
export const USER_TEXT_PARAM: Readonly<Partial<Record<RootKind, number>>> = {
  // ssize_t store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
  'sysfs-store': 2,
};

/** Number parsers: `text` is the argument parsed, `out` the argument that receives the number's address. */
export const NUMBER_PARSERS: Readonly<Record<string, { text: number; out: number }>> = byName(
  Object.fromEntries(
    [
      'kstrtoull',
      'kstrtoul',
      'kstrtou64',
      'kstrtouint',
      'kstrtou32',
      'kstrtoll',
      'kstrtol',
      'kstrtos64',
      'kstrtoint',
      'kstrtos32',
    ].map((fn) => [fn, { text: 0, out: 2 }]),
  ),
);

/**
 * Why reading the memmap of a user's pfn is wrong, in the words of a finding; `{{proof}}` is what the path
 * proved of the pfn, from USER_PFN_PROOF.
 */
export const USER_PFN_WHY =
  'a user may name any pfn, including offline, never-onlined or ZONE_DEVICE memory whose memmap is not initialized; only pfn_to_online_page() proves it is online';

/** What a pfn test the path passed proves of a user's pfn (`<test>() proves only that it is <this>`). */
export const USER_PFN_PROOF: Readonly<Record<'present' | 'valid', string>> = {
  present: 'in a present section',
  valid: 'backed by a memmap, not that the memmap is initialized',
};
