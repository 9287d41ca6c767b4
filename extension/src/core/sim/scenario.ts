// Scenarios: the starting state of the zone model and the facts the code reads (device range, pgmap
// type, altmap reserve). Shipped variants by name; a user scenario is JSON of the same shape.

import {
  addPages,
  addRange,
  initDeviceMemmap,
  moveToZone,
  offlineBlock,
  setOnline,
  type NodeModel,
  type ZoneModel,
  type ZoneName,
} from './model.js';
import type { EntryStart } from '../kernel/entries.js';
import { PAGE_SHIFT, SECTION_SIZE_BITS } from '../kernel/macros.js';
import { SHIPPED_SCENARIOS } from '../kernel/scenarios.js';
import type { Scenario } from '../model/scenario.js';

const GiB = 1024 * 1024 * 1024;

export function findScenario(name: string): Scenario | undefined {
  return SHIPPED_SCENARIOS.find((s) => s.name === name);
}

/** Validates a user scenario (parsed JSON); returns a reason when it does not fit. */
export function parseScenario(json: unknown): Scenario | string {
  if (typeof json !== 'object' || json === null) return 'a scenario is a JSON object';
  const s = json as Partial<Scenario>;
  const base = SHIPPED_SCENARIOS[0]!;
  if (s.device !== undefined && (typeof s.device !== 'object' || s.device === null))
    return '"device" must be an object';
  const device = { ...base.device, ...(s.device ?? {}) };
  for (const k of ['start', 'size', 'altmapReserve', 'nid'] as const) {
    if (typeof device[k] !== 'number' || !Number.isFinite(device[k]) || device[k] < 0)
      return `device.${k} must be a non-negative number`;
  }
  if (typeof device.type !== 'string' || typeof device.desc !== 'string')
    return 'device.type and device.desc must be strings';
  const ramBytes = s.ramBytes ?? base.ramBytes;
  if (typeof ramBytes !== 'number' || ramBytes <= 0) return 'ramBytes must be a positive number';
  return {
    name: typeof s.name === 'string' ? s.name : 'custom',
    description: typeof s.description === 'string' ? s.description : '',
    ramBytes,
    device,
  };
}

export const PAGES_PER_SECTION = 1 << (SECTION_SIZE_BITS - PAGE_SHIFT);

export function initialModel(s: Scenario): ZoneModel {
  const pfn = (bytes: number) => Math.floor(bytes / 4096);
  const ram = pfn(s.ramBytes);
  const dma = Math.min(ram, pfn(16 * 1024 * 1024));
  const dma32 = Math.min(ram, pfn(4 * GiB));
  const span = (start: number, end: number) => ({
    start,
    spanned: Math.max(0, end - start),
    present: Math.max(0, end - start),
  });
  const zones: Record<ZoneName, { start: number; spanned: number; present: number }> = {
    DMA: span(1, dma),
    DMA32: span(dma, dma32),
    NORMAL: span(dma32, ram),
    MOVABLE: { start: 0, spanned: 0, present: 0 },
    DEVICE: { start: 0, spanned: 0, present: 0 },
  };
  const node: NodeModel = { id: 0, start: 0, spanned: ram, present: ram, zones };
  return {
    nodes: [node],
    sections: new Map(),
    memmap: [],
    linearMap: [{ start: 0, end: ram }],
    kasanShadow: [{ start: 0, end: ram }],
    patTracked: [],
    devres: [],
    spanKeptByDesign: [],
    awaitingShrink: [],
    pagesPerSection: PAGES_PER_SECTION,
    bootEnd: ram,
  };
}

/** The model as an entry finds it: fresh, or with the scenario's range already set up by its setup path. */
export function startModel(s: Scenario, start: EntryStart): ZoneModel {
  const base = initialModel(s);
  if (start === 'fresh') return base;
  // Setup code of some eras aligns the range out to whole sections; set up the aligned range, which
  // contains whatever sub-range a teardown path works on.
  const first = Math.floor(s.device.start / 4096);
  const last = Math.ceil((s.device.start + s.device.size) / 4096);
  const range = {
    start: first - (first % PAGES_PER_SECTION),
    end: Math.ceil(last / PAGES_PER_SECTION) * PAGES_PER_SECTION,
  };
  // Teardown entries run alone must not report teardowns of what setup would have made: set up a
  // superset (linear map and shadow even for private memory; eras differ on which they create).
  let m = addPages(addRange(base, 'linearMap', range), range);
  if (start === 'device-set-up' || start === 'device-set-up-no-altmap') {
    const reserve = start === 'device-set-up' ? s.device.altmapReserve : 0;
    m = addRange(addRange(m, 'kasanShadow', range), 'patTracked', range);
    m = moveToZone(m, s.device.nid, 'DEVICE', range, reserve);
    return initDeviceMemmap(m, range, reserve);
  }
  if (start === 'ram-added') return m;
  m = setOnline(moveToZone(m, s.device.nid, 'MOVABLE', range, 0), range, true);
  return withNeighbourBlocks(m, s.device.nid, range.end);
}

/**
 * Online memory is rarely alone in its zone: past the range, a block that was onlined and offlined again
 * (sections present and valid, memmap poisoned, not online: the zone keeps spanning it while a later block
 * is online), then a block that is still online. A scan of the zone past the range meets the first before
 * the second: pfn_valid() is true there, pfn_to_online_page() is not.
 */
function withNeighbourBlocks(model: ZoneModel, nid: number, end: number): ZoneModel {
  const offline = { start: end, end: end + PAGES_PER_SECTION };
  const online = { start: offline.end, end: offline.end + PAGES_PER_SECTION };
  const m = addPages(addRange(model, 'linearMap', { start: offline.start, end: online.end }), offline);
  // Growing the spans over the online block covers the offline one between.
  return offlineBlock(setOnline(moveToZone(addPages(m, online), nid, 'MOVABLE', online, 0), online, true), offline);
}
