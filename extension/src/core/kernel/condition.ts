// Evaluates `#if` condition text against a KernelConfig: true, false, or undefined when it depends on
// something the config does not fix (then both sides stay in the analysis).

import type { KernelConfig } from './config.js';
import type { PreprocCondition } from '../model/preproc.js';

type Tri = boolean | undefined;

export function evaluateConditions(conds: readonly PreprocCondition[], config: KernelConfig): Tri {
  let result: Tri = true;
  for (const c of conds) {
    let v = evaluateCondition(c.text, config);
    if (c.negated && v !== undefined) v = !v;
    if (v === false) return false;
    if (v === undefined) result = undefined;
  }
  return result;
}

export function evaluateCondition(text: string, config: KernelConfig): Tri {
  const tokens =
    text.match(/defined|IS_ENABLED|IS_BUILTIN|IS_MODULE|IS_REACHABLE|\w+|&&|\|\||[()!]|==|!=|[<>]=?|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const symbol = (name: string): Tri => {
    if (config.enabled.has(name)) return true;
    if (config.disabled.has(name)) return false;
    if (/^CONFIG_/.test(name)) return undefined;
    if (/^\d+$/.test(name)) return Number(name) !== 0;
    return undefined;
  };
  const primary = (): Tri => {
    const t = next();
    if (t === undefined) return undefined;
    if (t === '!') {
      const v = primary();
      return v === undefined ? undefined : !v;
    }
    if (t === '(') {
      const v = or();
      if (peek() === ')') next();
      return v;
    }
    if (t === 'defined' || t === 'IS_ENABLED' || t === 'IS_BUILTIN' || t === 'IS_REACHABLE' || t === 'IS_MODULE') {
      const paren = peek() === '(';
      if (paren) next();
      const name = next() ?? '';
      if (paren && peek() === ')') next();
      // Include guards (`#ifndef _LINUX_MM_H`) are not defined the first time through.
      if (t === 'defined' && /_H_*$/.test(name)) return false;
      if (t === 'IS_MODULE') return config.enabled.has(name) ? false : symbol(name) === false ? false : undefined;
      return symbol(name);
    }
    // Comparisons and arithmetic on macros we do not model: unknown, but consume the operand.
    if (peek() === '==' || peek() === '!=' || peek() === '<' || peek() === '>' || peek() === '<=' || peek() === '>=') {
      next();
      next();
      return undefined;
    }
    return symbol(t);
  };
  const and = (): Tri => {
    let v = primary();
    while (peek() === '&&') {
      next();
      const r = primary();
      v = v === false || r === false ? false : v === undefined || r === undefined ? undefined : true;
    }
    return v;
  };
  const or = (): Tri => {
    let v = and();
    while (peek() === '||') {
      next();
      const r = and();
      v = v === true || r === true ? true : v === undefined || r === undefined ? undefined : false;
    }
    return v;
  };
  const v = or();
  return pos < tokens.length ? undefined : v;
}
