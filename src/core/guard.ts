import { LifelineError, type LifelineErrorCode } from './LifelineError';

/** Where an error goes when nothing can report it: thrown in a later task, so it surfaces without breaking this one. */
const later = (error: LifelineError) =>
  queueMicrotask(() => {
    throw error;
  });

/**
 * The one place react-lifeline calls code it was given: callbacks, policy functions, `parse`,
 * URL functions, plug-ins and their options. A throw becomes a `LifelineError` (`code`, and
 * `field` naming the function, the throw in `cause`) handed to `report`, and the caller
 * carries on with `undefined`: no phase freezes, no delivery is skipped, no timer stops.
 */
export function guard<A extends unknown[], R>(
  name: string,
  fn: ((...args: A) => R) | undefined,
  args: A,
  report: (error: LifelineError) => void = later,
  code: LifelineErrorCode = 'callback-failed',
): R | undefined {
  try {
    return fn?.(...args);
  } catch (cause) {
    report(new LifelineError(code, { field: name, cause }));
    return undefined;
  }
}
