import type { ReconnectPolicyOptions } from './types';

/**
 * Merges policy layers, later ones winning: shallow per field, except `codes`, which merges
 * per code. A field set to `undefined` does not override the layer below.
 */
export function mergePolicy(...layers: readonly (ReconnectPolicyOptions | null | undefined)[]): ReconnectPolicyOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [field, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      merged[field] = field === 'codes' ? { ...(merged.codes as object | undefined), ...(value as object) } : value;
    }
  }
  return merged as ReconnectPolicyOptions;
}
