// Applies a model binding (kernel/model-bindings.ts) to the zone model with the call's argument values.
// Unknown arguments leave the model unchanged: the effect is skipped rather than guessed.

import type { FnNode } from '../callgraph/definitions.js';
import type { CallGraph } from '../callgraph/graph.js';
import {
  ALTMAP_CARRIER,
  ALTMAP_MISMATCH,
  UNBALANCED_TEARDOWN,
  ZONE_SHRINK_MOVED_TO,
  type ArgRef,
  type ModelEffect,
} from '../kernel/model-bindings.js';
import { NAMED_CONSTANTS } from '../kernel/macros.js';
import type { Expr } from '../syntax/body.js';
import type { SourceLoc } from '../model/location.js';
import type { TeardownMismatch } from './events.js';
import {
  addPages,
  addRange,
  awaitShrink,
  initDeviceMemmap,
  keepSpanByDesign,
  moveToZone,
  removePages,
  removeRange,
  setOnline,
  shrinkDone,
  shrinkSpans,
  zoneHolding,
  type ZoneModel,
  type ZoneName,
} from './model.js';
import { toNumber, truthy, UNKNOWN, type Value } from './value.js';
import type { Scenario } from '../model/scenario.js';

const PAGE = 4096;

/** The call as written: its argument expressions and the caller's variables before it ran. */
export interface CallSite {
  args: readonly Expr[];
  vars: ReadonlyMap<string, Value>;
  site: SourceLoc;
  /** The calling function (FnNode id), for pairing setups and teardowns over ranges the model cannot compute. */
  fn?: string;
  /** Whether the calling function's body may change one of these variables between two lines. */
  changed?: (names: readonly string[], from: number, to: number) => boolean;
}

export function applyEffect(
  effect: ModelEffect,
  model: ZoneModel,
  args: readonly Value[],
  node: FnNode | undefined,
  graph: CallGraph,
  scenario: Scenario,
  call?: CallSite,
): { model: ZoneModel; unbalanced?: { callee: string; what: string }; mismatch?: TeardownMismatch } {
  const indexOf = (ref: ArgRef): number => {
    const params = node?.fact.params.map((p) => p.name) ?? [];
    const byName = params.findIndex((p) => ref.names.includes(p));
    return byName >= 0 ? byName : ref.index;
  };
  const pick = (ref: ArgRef): Value | undefined => args[indexOf(ref)];
  const num = (ref: ArgRef) => toNumber(pick(ref));
  const pfnRange = (pfn: ArgRef, nr: ArgRef) => {
    const start = num(pfn);
    const count = num(nr);
    return start === undefined || count === undefined ? undefined : { start, end: start + count };
  };
  const byteRange = (start: ArgRef, size: ArgRef) => {
    const s = num(start);
    const n = num(size);
    return s === undefined || n === undefined
      ? undefined
      : { start: Math.floor(s / PAGE), end: Math.floor((s + n) / PAGE) };
  };
  const zoneOf = (ref: ArgRef): { zone: ZoneName; nid: number } | undefined => {
    const v = pick(ref);
    return v?.k === 'zone' ? { zone: v.zone, nid: v.nid } : undefined;
  };
  const altmap = scenario.device.altmapReserve;
  switch (effect.kind) {
    case 'arch-add': {
      const r = byteRange(effect.start, effect.size);
      const i = indexOf(effect.altmap);
      const given = call ? altmapGiven(call, i, node?.fact.params[i]?.type, args[i]) : undefined;
      if (!r) {
        const marked: ZoneModel = model.linearMapUncomputed ? model : { ...model, linearMapUncomputed: true };
        return {
          model: given && call ? addUnsized(marked, call, [effect.start, effect.size].map(indexOf), given) : marked,
        };
      }
      return { model: addPages(addRange(model, 'linearMap', given ? { ...r, altmap: given } : r), r) };
    }
    case 'add-pages': {
      const r = pfnRange(effect.pfn, effect.nr);
      return { model: r ? addPages(model, r) : model };
    }
    case 'move-to-zone': {
      const r = pfnRange(effect.pfn, effect.nr);
      const z = zoneOf(effect.zone) ?? { zone: 'DEVICE' as ZoneName, nid: scenario.device.nid };
      // A NULL altmap argument means no reserve, whatever the scenario says.
      const given = pick(effect.altmap);
      const reserve = z.zone === 'DEVICE' && !(given?.k === 'int' && given.v === 0n) ? altmap : 0;
      return { model: r ? moveToZone(model, z.nid, z.zone, r, reserve) : model };
    }
    case 'init-device-memmap': {
      const r = pfnRange(effect.pfn, effect.nr);
      return { model: r ? initDeviceMemmap(model, r, altmap) : model };
    }
    case 'arch-remove': {
      const r = byteRange(effect.start, effect.size);
      if (!r)
        return call
          ? removeUnsized(model, call, [effect.start, effect.size].map(indexOf), indexOf(effect.altmap))
          : { model };
      const shrink = !graph.resolver.resolve(ZONE_SHRINK_MOVED_TO);
      const { model: m, wasThere, removed } = removeRange(model, 'linearMap', r);
      const teardownAltmap = call?.args[indexOf(effect.altmap)];
      const mismatch = removed?.altmap ? altmapMismatch(teardownAltmap, removed.altmap) : undefined;
      return {
        model: removePages(m, r, shrink),
        ...(wasThere || model.linearMapUncomputed
          ? {}
          : {
              unbalanced: UNBALANCED_TEARDOWN['arch-remove'],
            }),
        ...(mismatch ? { mismatch } : {}),
      };
    }
    case 'remove-pages': {
      const r = pfnRange(effect.pfn, effect.nr);
      return { model: r ? removePages(model, r, !graph.resolver.resolve(ZONE_SHRINK_MOVED_TO)) : model };
    }
    case 'remove-from-zone': {
      const r = pfnRange(effect.pfn, effect.nr);
      if (!r) return { model };
      // The zone argument is the zone that holds the range; when the path cannot name it, the model can.
      const z = zoneOf(effect.zone) ?? zoneHolding(model, r.start);
      if (!z || z.zone === 'DEVICE') return { model: keepSpanByDesign(model, 'DEVICE') };
      return { model: shrinkDone(shrinkSpans(model, r, [z.zone]), r) };
    }
    case 'kasan-add':
    case 'kasan-remove': {
      const r = byteRange(effect.addr, effect.size);
      if (!r) return { model };
      if (effect.kind === 'kasan-add') return { model: addRange(model, 'kasanShadow', r) };
      const { model: m, wasThere } = removeRange(model, 'kasanShadow', r);
      return {
        model: m,
        ...(wasThere
          ? {}
          : {
              unbalanced: UNBALANCED_TEARDOWN['kasan-remove'],
            }),
      };
    }
    case 'track':
    case 'untrack': {
      const start = num(effect.pfn);
      const size = num(effect.size);
      if (start === undefined || size === undefined) return { model };
      const r = { start, end: start + Math.floor(size / PAGE) };
      if (effect.kind === 'track') return { model: addRange(model, 'patTracked', r) };
      const { model: m, wasThere } = removeRange(model, 'patTracked', r);
      return {
        model: m,
        ...(wasThere ? {} : { unbalanced: UNBALANCED_TEARDOWN.untrack }),
      };
    }
    case 'online-sections':
    case 'offline-sections': {
      const s = num(effect.pfn);
      const e = num(effect.end);
      if (s === undefined || e === undefined) return { model };
      const online = effect.kind === 'online-sections';
      const m = setOnline(model, { start: s, end: e }, online);
      // Since zones are shrunk at offline (the shrink helper exists), offlined memory waits for it.
      return {
        model: !online && graph.resolver.resolve(ZONE_SHRINK_MOVED_TO) ? awaitShrink(m, { start: s, end: e }) : m,
      };
    }
  }
}

/**
 * The altmap a linear-map setup was given, when the path knows it is not NULL: the argument itself (a
 * vmem_altmap pointer), or the altmap field of the struct it points to (`&params` -> `params.altmap`), as
 * this path assigned and tested it. Anything the path does not know says nothing.
 */
function altmapGiven(
  call: CallSite,
  index: number,
  paramType: string | undefined,
  value: Value | undefined,
): { text: string; site: SourceLoc } | undefined {
  let e = call.args[index];
  if (!e || paramType === undefined) return undefined;
  if (paramType.includes(ALTMAP_CARRIER.type))
    return value && truthy(value) === true ? { text: e.text, site: call.site } : undefined;
  while (e.k === 'cast') e = e.arg;
  const key =
    e.k === 'unary' && e.op === '&'
      ? `${e.arg.text}.${ALTMAP_CARRIER.field}`
      : e.k === 'id' || e.k === 'field'
        ? `${e.text}->${ALTMAP_CARRIER.field}`
        : undefined;
  if (!key) return undefined;
  const text = key.replace(/\s+/g, '');
  const field = call.vars.get(text);
  return field && truthy(field) === true ? { text, site: call.site } : undefined;
}

/** A literal NULL altmap handed to the teardown of a linear map populated from `altmap`. */
function altmapMismatch(
  given: Expr | undefined,
  altmap: { text: string; site: SourceLoc },
): TeardownMismatch | undefined {
  if (!given || !isLiteralNull(given)) return undefined;
  return {
    teardown: ALTMAP_MISMATCH.teardown,
    given: `${given.text} as its altmap`,
    setup: ALTMAP_MISMATCH.setup,
    at: altmap.site,
    expected: `the altmap ${altmap.text}, which is not NULL on this path`,
    why: ALTMAP_MISMATCH.why,
  };
}

/**
 * The range arguments of a call as local variables with the values they hold: undefined unless each is a
 * plain identifier the path has a value for (not the shared unknown).
 */
function rangeVariables(call: CallSite, indexes: readonly number[]): { text: string; value: Value }[] | undefined {
  const out: { text: string; value: Value }[] = [];
  for (const i of indexes) {
    let e = call.args[i];
    while (e?.k === 'cast') e = e.arg;
    const value = e?.k === 'id' ? call.vars.get(e.name) : undefined;
    if (!e || e.k !== 'id' || !value || value === UNKNOWN) return undefined;
    out.push({ text: e.name, value });
  }
  return out;
}

/** A linear map from a non-NULL altmap over a range the model cannot compute: kept by its variables. */
function addUnsized(
  model: ZoneModel,
  call: CallSite,
  indexes: readonly number[],
  altmap: { text: string; site: SourceLoc },
): ZoneModel {
  const vars = call.fn ? rangeVariables(call, indexes) : undefined;
  if (!vars || !call.fn) return model;
  const entry = { fn: call.fn, args: vars, site: call.site, altmap };
  return { ...model, unsizedLinearMap: [...(model.unsizedLinearMap ?? []), entry] };
}

/**
 * The teardown of a range the model cannot compute, paired with the newest setup of the same function
 * given the same variables, still holding the same values and not changed in the body between the two
 * calls. Anything else leaves the model as it is and says nothing.
 */
function removeUnsized(
  model: ZoneModel,
  call: CallSite,
  indexes: readonly number[],
  altmapIndex: number,
): { model: ZoneModel; mismatch?: TeardownMismatch } {
  const list = model.unsizedLinearMap ?? [];
  const vars = list.length && call.fn && call.changed ? rangeVariables(call, indexes) : undefined;
  if (!vars) return { model };
  let idx = -1;
  for (let i = list.length - 1; i >= 0 && idx < 0; i--) {
    const u = list[i]!;
    const same =
      u.fn === call.fn &&
      u.site.file === call.site.file &&
      u.site.line < call.site.line &&
      u.args.length === vars.length &&
      u.args.every((a, j) => a.text === vars[j]!.text && a.value === vars[j]!.value);
    if (
      same &&
      !call.changed!(
        vars.map((v) => v.text),
        u.site.line + 1,
        call.site.line,
      )
    )
      idx = i;
  }
  const u = list[idx];
  if (!u) return { model };
  const mismatch = altmapMismatch(call.args[altmapIndex], u.altmap);
  return {
    model: { ...model, unsizedLinearMap: list.filter((_, i) => i !== idx) },
    ...(mismatch ? { mismatch } : {}),
  };
}

/** `NULL`, `0`, or a cast of either, as written. */
function isLiteralNull(e: Expr): boolean {
  while (e.k === 'cast') e = e.arg;
  return (e.k === 'num' && e.value === 0) || (e.k === 'id' && NAMED_CONSTANTS[e.name] === 0n);
}
