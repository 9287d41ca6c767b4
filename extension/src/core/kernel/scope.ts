// Which files of a kernel tree the hotplug review indexes by default (globs relative to the tree root).

export const DEFAULT_INCLUDE: readonly string[] = [
  'mm/**/*.{c,h}',
  'kernel/**/*.{c,h}',
  'drivers/base/**/*.{c,h}',
  'arch/*/mm/**/*.{c,h}',
  'include/linux/**/*.h',
  'drivers/dax/**/*.{c,h}',
  'drivers/nvdimm/**/*.{c,h}',
];

export const DEFAULT_EXCLUDE: readonly string[] = [];
