/**
 * Where a message sits in a stream, as `idOf` gives it: a sequence number (gaps show as a
 * jump), an event id (a string: duplicates are recognised, gaps only when the server says),
 * or an offset with its epoch (`{ seq, epoch }`: another epoch is another stream). A plain
 * number carries on the epoch last seen.
 */
export type StreamPosition = number | string | { seq: number; epoch?: string | number | undefined };

/** A position as the plug-in keeps it: the sequence number or the event id, with the epoch it belongs to. */
export interface ResumePoint {
  seq?: number | undefined;
  id?: string | undefined;
  epoch?: string | number | undefined;
}

const isEpoch = (value: unknown): value is string | number | undefined => value === undefined || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** A position `idOf` gave, in the epoch last seen; `null` when it is none of the shapes above. */
export function readPosition(value: unknown, epoch: string | number | undefined): ResumePoint | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { seq: value, epoch } : null;
  if (typeof value === 'string') return value ? { id: value, epoch } : null;
  if (typeof value !== 'object' || value === null) return null;
  const { seq, epoch: own } = value as { seq?: unknown; epoch?: unknown };
  if (typeof seq !== 'number' || !Number.isFinite(seq) || !isEpoch(own)) return null;
  return { seq, epoch: own ?? epoch };
}

/** A point carried over from another tab (`state.plugins.resume.last`), if it has the shape of one. */
export function readPoint(value: unknown): ResumePoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const { seq, id, epoch } = value as ResumePoint;
  const hasSeq = typeof seq === 'number' && Number.isFinite(seq);
  const hasId = typeof id === 'string' && id !== '';
  if (hasSeq === hasId || !isEpoch(epoch)) return null;
  return hasSeq ? { seq, epoch } : { id, epoch };
}
