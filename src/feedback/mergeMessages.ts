import type { FeedbackMessages } from './types';

/** Merges catalogs, later ones winning: per key, and `codes` per code. */
export function mergeMessages(...layers: readonly (Partial<FeedbackMessages> | null | undefined)[]): Partial<FeedbackMessages> {
  const merged: Partial<FeedbackMessages> = {};
  for (const layer of layers) {
    if (!layer) continue;
    const { codes, ...rest } = layer;
    Object.assign(merged, rest);
    if (codes) merged.codes = { ...merged.codes, ...codes };
  }
  return merged;
}
