// Waits-for dependencies as data, the way lockdep sees them: a sysfs callback runs holding the kernfs active
// reference of its attribute, and removing a device's sysfs nodes waits for every such reference to drain.

import { byName } from './by-name.js';

/** A call that removes the sysfs nodes of the device its argument `arg` points to, waiting for their callbacks. */
export interface KernfsRemover {
  arg: number;
}

export const KERNFS_REMOVERS: Readonly<Record<string, KernfsRemover>> = byName({
  device_unregister: { arg: 0 },
  device_del: { arg: 0 },
});

/** Calls that create the sysfs nodes of the device their argument `arg` points to. */
export const KERNFS_CREATORS: Readonly<Record<string, KernfsRemover>> = byName({
  device_register: { arg: 0 },
  device_add: { arg: 0 },
});

/** The variable an attribute macro defines, from its first argument: `DEVICE_ATTR_RW(state)` -> `dev_attr_state`. */
export const ATTRIBUTE_VAR_PREFIX: Readonly<Record<string, string>> = byName({
  DEVICE_ATTR: 'dev_attr_',
  DEVICE_ATTR_RW: 'dev_attr_',
  DEVICE_ATTR_ADMIN_RW: 'dev_attr_',
  DEVICE_ATTR_RO: 'dev_attr_',
  DEVICE_ATTR_ADMIN_RO: 'dev_attr_',
  DEVICE_ATTR_WO: 'dev_attr_',
});

/**
 * How attributes reach a device: an attribute array is a group's `attrs`, a NULL-terminated array of groups
 * is a device's `groups`, which the driver core creates at device_add() and removes at device_del().
 */
export const ATTRIBUTE_GROUP = { struct: 'attribute_group', attrsField: 'attrs', deviceGroupsField: 'groups' };

/** Pointer parameters of these types carry which object they point to into the callee (`&mem->dev`). */
export const TRACKED_OBJECT_TYPES: ReadonlySet<string> = new Set(['device']);

/** The pseudo-lock a sysfs callback of `owner`'s attributes holds (lockdep's `kn->count` class). */
export function kernfsActiveLock(owner: string): string {
  return `kernfs-active(${owner})`;
}

export function kernfsActiveOwner(lock: string): string | undefined {
  return /^kernfs-active\((.+)\)$/.exec(lock)?.[1];
}
