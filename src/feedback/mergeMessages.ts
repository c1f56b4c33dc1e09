import type { FeedbackMessages } from './types';

/**
 * Merges catalogs, later ones winning: per key, and `codes` per code. A catalog's `locale` goes
 * with its countdown sentence: a layer with its own `retryingIn` and no `locale` leaves the
 * language open (the app's locale then), rather than keeping the layer below's.
 */
export function mergeMessages(...layers: readonly (Partial<FeedbackMessages> | null | undefined)[]): Partial<FeedbackMessages> {
  const merged: Partial<FeedbackMessages> = {};
  for (const layer of layers) {
    if (!layer) continue;
    const { codes, ...rest } = layer;
    if (rest.retryingIn !== undefined && rest.locale === undefined) delete merged.locale;
    Object.assign(merged, rest);
    if (codes) merged.codes = { ...merged.codes, ...codes };
  }
  return merged;
}
