import { LifelineError, type LifelineErrorCode } from './LifelineError';

const isNumber = (value: unknown): value is number => typeof value === 'number';
/** A delay in ms: finite and >= 0. */
export const isDelay = (value: unknown): value is number => isNumber(value) && value >= 0 && Number.isFinite(value);

// What a field may hold, by letter: a schema stays one short string per object.
const KINDS: Readonly<Record<string, (value: unknown) => boolean>> = {
  d: isDelay,
  /** ms > 0, finite */
  p: (value) => isNumber(value) && value > 0 && Number.isFinite(value),
  /** a count: whole >= 0, or Infinity */
  c: (value) => isNumber(value) && value >= 0 && (Number.isInteger(value) || value === Infinity),
  /** a factor >= 1, finite */
  x: (value) => isNumber(value) && value >= 1 && Number.isFinite(value),
  b: (value) => typeof value === 'boolean',
  f: (value) => typeof value === 'function',
  o: (value) => typeof value === 'object' && value !== null,
  /** text: a string or a function returning one */
  t: (value) => typeof value === 'string' || typeof value === 'function',
};

/**
 * Checks an object against a schema like `"max:c? overflow:reject|drop-oldest?"`: each
 * field, a letter of `KINDS` or `|`-separated allowed values, `?` when it may be undefined.
 * Returns a `LifelineError` naming the first bad field (`prefix.field`), or null.
 */
export function checkFields(code: LifelineErrorCode, prefix: string, value: unknown, schema: string): LifelineError | null {
  if (typeof value !== 'object' || value === null) return new LifelineError(code, { field: prefix, got: value });
  for (const rule of schema.split(' ')) {
    const [field, kind] = rule.split(':') as [string, string];
    const got = (value as Record<string, unknown>)[field];
    const allowed = kind.replace('?', '');
    const ok = (kind !== allowed && got === undefined) || (KINDS[allowed]?.(got) ?? allowed.split('|').includes(got as string));
    if (!ok) return new LifelineError(code, { field: `${prefix}.${field}`, got });
  }
  return null;
}
