// A scenario: the machine a replay assumes (boot RAM, one device range and its pgmap facts). Data only.

export interface Scenario {
  name: string;
  description: string;
  /** Boot RAM of node 0, in bytes from 0. */
  ramBytes: number;
  device: {
    start: number;
    size: number;
    /** MEMORY_DEVICE_* enum name. */
    type: string;
    /** Resource descriptor (IORES_DESC_*). */
    desc: string;
    /** Pages of the range reserved by a vmem_altmap for the memmap itself. */
    altmapReserve: number;
    nid: number;
  };
}
