// The zone model: nodes, zones, memory sections, memmap state per pfn range, and the side tables a
// hotplug path sets up (linear map, KASAN shadow, PAT tracking, devres actions). Immutable values:
// every change returns a new model, so paths can fork freely.

import type { SourceLoc } from '../model/location.js';

export type ZoneName = 'DMA' | 'DMA32' | 'NORMAL' | 'MOVABLE' | 'DEVICE';
export const ZONE_NAMES: readonly ZoneName[] = ['DMA', 'DMA32', 'NORMAL', 'MOVABLE', 'DEVICE'];

/** `offline`: a block onlined and offlined again; its sections stay valid, its memmap is poisoned. */
export type MemmapState = 'absent' | 'uninitialized' | 'initialized' | 'offline' | 'altmap-reserved' | 'removed';

export interface Span {
  start: number;
  spanned: number;
  present: number;
}

export interface NodeModel extends Span {
  id: number;
  zones: Readonly<Record<ZoneName, Span>>;
}

export interface SectionModel {
  present: boolean;
  valid: boolean;
  online: boolean;
}

/** [start, end) in pfns. */
export interface PfnRange {
  start: number;
  end: number;
}

/** A linear-map range, with the altmap its memmap was populated from when the setup was given a non-NULL one. */
export interface LinearRange extends PfnRange {
  altmap?: { text: string; site: SourceLoc };
}

/**
 * A linear map set up over a range the model cannot compute (a size the replay does not know), from a
 * non-NULL altmap: known by the argument expressions and their values at the setup, in the function that
 * called it, so that the same function's teardown of the same variables can be paired with it.
 */
export interface UnsizedLinearRange {
  /** The function (FnNode id) that called the setup. */
  fn: string;
  /**
   * The start and size arguments as written (identifiers), and the values they had: compared by identity only,
   * so typed loosely here (value.ts imports this module).
   */
  args: readonly { text: string; value: unknown }[];
  site: SourceLoc;
  altmap: { text: string; site: SourceLoc };
}

export interface MemmapPiece extends PfnRange {
  state: MemmapState;
}

/** A callback devres runs when the device is unbound, and the call that registered it. */
export interface DevresAction {
  /** Function id of the callback. */
  callback: string;
  site: SourceLoc;
  /** The registering call (`devm_add_action_or_reset`). */
  registrar: string;
}

export interface ZoneModel {
  readonly nodes: readonly NodeModel[];
  /** Sections the scenario or the path touched, by section number; others are as the boot state says. */
  readonly sections: ReadonlyMap<number, SectionModel>;
  readonly memmap: readonly MemmapPiece[];
  readonly linearMap: readonly LinearRange[];
  /** Linear maps set up from a non-NULL altmap over a range the model cannot compute, newest last. */
  readonly unsizedLinearMap?: readonly UnsizedLinearRange[];
  /** A linear map was set up over a range the model cannot compute: a later removal may be of that memory. */
  readonly linearMapUncomputed?: true;
  readonly kasanShadow: readonly PfnRange[];
  readonly patTracked: readonly PfnRange[];
  /** Release actions registered with devres on this path, oldest first: they run at unbind, newest first. */
  readonly devres: readonly DevresAction[];
  /** Zones whose span the code leaves alone on removal by design (ZONE_DEVICE since 5.x). */
  readonly spanKeptByDesign: readonly ZoneName[];
  /**
   * Ranges this path offlined in a tree that shrinks zones when memory is offlined (5.5+): the zone spans
   * must leave them before mem_hotplug_lock is released.
   */
  readonly awaitingShrink: readonly PfnRange[];
  readonly pagesPerSection: number;
  /** Boot memory: every pfn below this is present, online and initialized. */
  readonly bootEnd: number;
}

export function sectionOf(model: ZoneModel, pfn: number): number {
  return Math.floor(pfn / model.pagesPerSection);
}

export function sectionState(model: ZoneModel, nr: number): SectionModel {
  const s = model.sections.get(nr);
  if (s) return s;
  const boot = nr * model.pagesPerSection < model.bootEnd;
  return { present: boot, valid: boot, online: boot };
}

export function memmapAt(model: ZoneModel, pfn: number): MemmapState {
  for (let i = model.memmap.length - 1; i >= 0; i--) {
    const p = model.memmap[i]!;
    if (pfn >= p.start && pfn < p.end) return p.state;
  }
  return pfn < model.bootEnd ? 'initialized' : 'absent';
}

function setSections(model: ZoneModel, range: PfnRange, change: (s: SectionModel) => SectionModel): ZoneModel {
  const sections = new Map(model.sections);
  const first = sectionOf(model, range.start);
  const last = sectionOf(model, Math.max(range.start, range.end - 1));
  for (let nr = first; nr <= last && nr - first < 1 << 16; nr++) sections.set(nr, change(sectionState(model, nr)));
  return { ...model, sections };
}

function setMemmap(model: ZoneModel, range: PfnRange, state: MemmapState): ZoneModel {
  if (range.end <= range.start) return model;
  return { ...model, memmap: [...model.memmap, { ...range, state }] };
}

/** `add_pages`: sections present and valid, memmap allocated but not initialized, no zone yet. */
export function addPages(model: ZoneModel, range: PfnRange): ZoneModel {
  const m = setSections(model, range, (s) => ({ ...s, present: true, valid: true }));
  return setMemmap(m, range, 'uninitialized');
}

/** A block offlined after it was online: sections valid but not online, memmap poisoned; spans unchanged. */
export function offlineBlock(model: ZoneModel, range: PfnRange): ZoneModel {
  return setMemmap(setOnline(model, range, false), range, 'offline');
}

/** `move_pfn_range_to_zone`: zone and node spans grow over the range; memmap initialized past the altmap reserve. */
export function moveToZone(
  model: ZoneModel,
  nid: number,
  zone: ZoneName,
  range: PfnRange,
  altmapReserve: number,
): ZoneModel {
  const nodes = model.nodes.map((n) => {
    if (n.id !== nid) return n;
    const zones = { ...n.zones, [zone]: grow(n.zones[zone], range) };
    return { ...n, ...grow(n, range), zones };
  });
  let m: ZoneModel = { ...model, nodes };
  const reserveEnd = Math.min(range.end, range.start + altmapReserve);
  if (altmapReserve > 0) m = setMemmap(m, { start: range.start, end: reserveEnd }, 'altmap-reserved');
  return setMemmap(m, { start: reserveEnd, end: range.end }, 'initialized');
}

/** `memmap_init_zone_device`: initializes the device pages (the altmap reserve stays reserved). */
export function initDeviceMemmap(model: ZoneModel, range: PfnRange, altmapReserve: number): ZoneModel {
  return setMemmap(model, { start: Math.min(range.end, range.start + altmapReserve), end: range.end }, 'initialized');
}

/** `__remove_pages`: sections removed and memmap freed; `shrink` also shrinks spans (4.19 behaviour). */
export function removePages(model: ZoneModel, range: PfnRange, shrinkZones: boolean): ZoneModel {
  let m = setSections(model, range, () => ({ present: false, valid: false, online: false }));
  m = setMemmap(m, range, 'removed');
  return shrinkZones ? shrinkSpans(m, range, ZONE_NAMES) : m;
}

/** Shrinks zone and node spans that end or start inside a removed range, for the given zones. */
export function shrinkSpans(model: ZoneModel, range: PfnRange, zones: readonly ZoneName[]): ZoneModel {
  const nodes = model.nodes.map((n) => {
    const z = { ...n.zones };
    for (const name of zones) z[name] = shrink(z[name], range);
    const covered = ZONE_NAMES.map((name) => z[name]).filter((s) => s.spanned > 0);
    // The node's start moves only when the removed range is where the node starts.
    const startRemoved = range.start <= n.start && range.end > n.start;
    const start = startRemoved && covered.length ? Math.min(...covered.map((s) => s.start)) : n.start;
    const end = covered.length ? Math.max(...covered.map((s) => s.start + s.spanned)) : n.start;
    return { ...n, zones: z, start, spanned: end - start };
  });
  return { ...model, nodes };
}

/** Offlined in a tree that shrinks zones at offline: the range waits for its zone to be shrunk. */
export function awaitShrink(model: ZoneModel, range: PfnRange): ZoneModel {
  return { ...model, awaitingShrink: [...model.awaitingShrink, range] };
}

/** The zone span left the range (or the code says it shrinks it): nothing waits there any more. */
export function shrinkDone(model: ZoneModel, range: PfnRange): ZoneModel {
  const left = model.awaitingShrink.filter((r) => r.end <= range.start || r.start >= range.end);
  return left.length === model.awaitingShrink.length ? model : { ...model, awaitingShrink: left };
}

/** The zone of a node whose span holds the pfn (ZONE_DEVICE last: it overlaps nothing else). */
export function zoneHolding(model: ZoneModel, pfn: number): { zone: ZoneName; nid: number } | undefined {
  for (const n of model.nodes)
    for (const zone of ZONE_NAMES) {
      const z = n.zones[zone];
      if (z.spanned > 0 && pfn >= z.start && pfn < z.start + z.spanned) return { zone, nid: n.id };
    }
  return undefined;
}

export function keepSpanByDesign(model: ZoneModel, zone: ZoneName): ZoneModel {
  return model.spanKeptByDesign.includes(zone)
    ? model
    : { ...model, spanKeptByDesign: [...model.spanKeptByDesign, zone] };
}

export function setOnline(model: ZoneModel, range: PfnRange, online: boolean): ZoneModel {
  return setSections(model, range, (s) => ({ ...s, online }));
}

export type SideTable = 'linearMap' | 'kasanShadow' | 'patTracked';

export function addRange(model: ZoneModel, table: SideTable, range: PfnRange | LinearRange): ZoneModel {
  return { ...model, [table]: [...model[table], range] };
}

export function removeRange(
  model: ZoneModel,
  table: SideTable,
  range: PfnRange,
): { model: ZoneModel; wasThere: boolean; removed?: LinearRange } {
  const list: readonly LinearRange[] = model[table];
  const idx = list.findIndex((r) => r.start <= range.start && r.end >= range.end);
  if (idx < 0) return { model, wasThere: false };
  return { model: { ...model, [table]: list.filter((_, i) => i !== idx) }, wasThere: true, removed: list[idx] };
}

export function addDevres(model: ZoneModel, action: DevresAction): ZoneModel {
  return { ...model, devres: [...model.devres, action] };
}

function grow(span: Span, range: PfnRange): Span {
  if (span.spanned === 0) return { start: range.start, spanned: range.end - range.start, present: span.present };
  const start = Math.min(span.start, range.start);
  const end = Math.max(span.start + span.spanned, range.end);
  return { start, spanned: end - start, present: span.present };
}

function shrink(span: Span, range: PfnRange): Span {
  const end = span.start + span.spanned;
  if (span.spanned === 0 || range.end <= span.start || range.start >= end) return span;
  if (range.start <= span.start && range.end >= end) return { start: 0, spanned: 0, present: 0 };
  if (range.start <= span.start) return { ...span, start: range.end, spanned: end - range.end };
  if (range.end >= end) return { ...span, spanned: range.start - span.start };
  return span;
}

/** A short stable key of the parts of the model that paths can change. */
/** Models are never changed once made (each change makes a new one), so each is keyed once. */
const modelKeys = new WeakMap<ZoneModel, string>();

export function modelKey(model: ZoneModel): string {
  let key = modelKeys.get(model);
  if (key === undefined) modelKeys.set(model, (key = computeModelKey(model)));
  return key;
}

function computeModelKey(model: ZoneModel): string {
  const nodes = model.nodes.map(
    (n) =>
      `${n.id}:${n.start}+${n.spanned}/${ZONE_NAMES.map((z) => `${n.zones[z].start}+${n.zones[z].spanned}`).join(',')}`,
  );
  const secs = [...model.sections].map(
    ([k, s]) => `${k}${s.present ? 'p' : ''}${s.valid ? 'v' : ''}${s.online ? 'o' : ''}`,
  );
  const mm = model.memmap.map((p) => `${p.start}-${p.end}${p.state[0]}`);
  const r = (l: readonly LinearRange[]) => l.map((x) => `${x.start}-${x.end}${x.altmap ? 'a' : ''}`).join(',');
  return [
    nodes.join(';'),
    secs.join(','),
    mm.join(','),
    r(model.linearMap),
    r(model.kasanShadow),
    r(model.patTracked),
    model.devres.map((a) => `${a.callback}@${a.site.file}:${a.site.line}:${a.site.column}`).join(','),
    model.spanKeptByDesign.join(','),
    r(model.awaitingShrink),
    ...(model.linearMapUncomputed ? ['u'] : []),
    ...(model.unsizedLinearMap?.length
      ? [model.unsizedLinearMap.map((u) => `${u.fn}@${u.site.line}:${u.site.column}`).join(',')]
      : []),
  ].join('|');
}
