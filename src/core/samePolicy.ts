import type { CodeRule, ReconnectPolicyOptions } from './types';

const sameRule = (a: CodeRule | undefined, b: CodeRule | undefined): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return String(a.delayMs) === String(b.delayMs);
};

/** Whether two policy layers say the same thing (an inline `policy={{...}}` is new every render). */
export function samePolicy(a: ReconnectPolicyOptions | undefined, b: ReconnectPolicyOptions | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ReconnectPolicyOptions)[]);
  for (const key of keys) {
    if (key === 'codes') {
      const codesA = a.codes ?? {};
      const codesB = b.codes ?? {};
      const codes = new Set([...Object.keys(codesA), ...Object.keys(codesB)]);
      for (const code of codes) if (!sameRule(codesA[Number(code)], codesB[Number(code)])) return false;
    } else if (!Object.is(a[key], b[key])) {
      return false;
    }
  }
  return true;
}
