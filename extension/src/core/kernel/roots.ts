// How the kernel reaches code from outside a call graph: sysfs attributes, bus and driver callbacks, and
// exported functions. Each root kind says what its caller holds when it calls in, as data.

import { byName } from './by-name.js';
import type { LockClass } from '../model/lock.js';

/** A file-scope macro that makes functions roots; `fns` says where each function's name comes from. */
export interface RootMacro {
  /** An argument that names the function, or a suffix appended to argument 0 (`state` -> `state_store`). */
  fns: readonly ({ arg: number; kind: RootKind } | { suffix: string; kind: RootKind })[];
}

export type RootKind = 'sysfs-show' | 'sysfs-store' | 'export' | 'bus-online' | 'bus-offline' | 'probe' | 'remove';

const rw: RootMacro = {
  fns: [
    { suffix: '_show', kind: 'sysfs-show' },
    { suffix: '_store', kind: 'sysfs-store' },
  ],
};
const ro: RootMacro = { fns: [{ suffix: '_show', kind: 'sysfs-show' }] };
const wo: RootMacro = { fns: [{ suffix: '_store', kind: 'sysfs-store' }] };
/** `DEVICE_ATTR(name, mode, show, store)`: the show and store functions are arguments 2 and 3. */
const explicit: RootMacro = {
  fns: [
    { arg: 2, kind: 'sysfs-show' },
    { arg: 3, kind: 'sysfs-store' },
  ],
};
const exported: RootMacro = { fns: [{ arg: 0, kind: 'export' }] };

export const ROOT_MACROS: Readonly<Record<string, RootMacro>> = byName({
  DEVICE_ATTR: explicit,
  DEVICE_ATTR_RW: rw,
  DEVICE_ATTR_ADMIN_RW: rw,
  DEVICE_ATTR_RO: ro,
  DEVICE_ATTR_ADMIN_RO: ro,
  DEVICE_ATTR_WO: wo,
  DRIVER_ATTR: explicit,
  DRIVER_ATTR_RW: rw,
  DRIVER_ATTR_RO: ro,
  DRIVER_ATTR_WO: wo,
  BUS_ATTR: explicit,
  BUS_ATTR_RW: rw,
  BUS_ATTR_RO: ro,
  BUS_ATTR_WO: wo,
  EXPORT_SYMBOL: exported,
  EXPORT_SYMBOL_GPL: exported,
  EXPORT_SYMBOL_NS: exported,
  EXPORT_SYMBOL_NS_GPL: exported,
  EXPORT_SYMBOL_FOR_MODULES: exported,
  EXPORT_SYMBOL_GPL_FOR_MODULES: exported,
});

/** `.field = fn` in an initializer whose struct type matches: the callback is a root of this kind. */
export interface CallbackRoot {
  /** The initialised struct type, or a nested path (`dax_device_driver.drv`); matched as a regular expression. */
  struct: RegExp;
  field: string;
  kind: RootKind;
}

export const CALLBACK_ROOTS: readonly CallbackRoot[] = [
  { struct: /^bus_type$/, field: 'online', kind: 'bus-online' },
  { struct: /^bus_type$/, field: 'offline', kind: 'bus-offline' },
  { struct: /_driver(\.|$)/, field: 'probe', kind: 'probe' },
  { struct: /_driver(\.|$)/, field: 'remove', kind: 'remove' },
];

export interface CallerLock {
  lock: string;
  cls: LockClass;
  why: string;
}

const deviceLock = (why: string): CallerLock => ({ lock: 'device.mutex', cls: 'mutex', why });
const hotplugLock = (why: string): CallerLock => ({ lock: 'device_hotplug_lock', cls: 'mutex', why });

/**
 * What the kernel holds when it calls a root of each kind; `undefined`: the callers are other code (an
 * exported function), so what they hold is not known.
 */
export const ROOT_CALLER_LOCKS: Readonly<Record<RootKind, readonly CallerLock[] | undefined>> = {
  // kernfs holds an active reference on the attribute's node around show/store, and no lock.
  'sysfs-show': [],
  'sysfs-store': [],
  'bus-online': [
    hotplugLock('device_online() callers hold lock_device_hotplug()'),
    deviceLock('device_online() holds device_lock()'),
  ],
  'bus-offline': [
    hotplugLock('device_offline() callers hold lock_device_hotplug()'),
    deviceLock('device_offline() holds device_lock()'),
  ],
  probe: [deviceLock('driver probe holds device_lock()')],
  remove: [deviceLock('driver unbind holds device_lock()')],
  export: undefined,
};

export const ROOT_KIND_TEXT: Readonly<Record<RootKind, string>> = {
  'sysfs-show': 'sysfs show',
  'sysfs-store': 'sysfs store',
  export: 'exported',
  'bus-online': 'bus online callback',
  'bus-offline': 'bus offline callback',
  probe: 'driver probe',
  remove: 'driver remove',
};

/** The files whose roots the review replays: the hotplug code itself, not every user of it. */
export const ROOT_FILES: readonly RegExp[] = [
  /^mm\/memory_hotplug\.c$/,
  /^(mm|kernel)\/memremap\.c$/,
  /^mm\/hmm\.c$/,
  /^mm\/sparse(-vmemmap)?\.c$/,
  /^drivers\/base\/memory\.c$/,
  /^drivers\/dax\/kmem\.c$/,
];
