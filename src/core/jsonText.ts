import { LifelineError } from './LifelineError';

/** The JSON text `sendJson()` sends, or the `invalid-json` error saying why a value has none (a throw, or no JSON form). */
export function jsonText(value: unknown): string | LifelineError {
  try {
    const text: unknown = JSON.stringify(value);
    return typeof text === 'string' ? text : new LifelineError('invalid-json', { got: value });
  } catch (cause) {
    return new LifelineError('invalid-json', { cause, got: value });
  }
}
