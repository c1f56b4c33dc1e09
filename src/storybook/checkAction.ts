import { describeCloseCode, utf8ByteLength } from '../core';
import type { LifelineAction } from './protocol';

const KINDS = ['close', 'drop', 'restart', 'refuse', 'offline', 'online', 'stall', 'message'] as const;

const fail = (action: unknown, why: string, Type: typeof TypeError = TypeError): never => {
  let shown: string;
  try {
    shown = JSON.stringify(action) ?? String(action);
  } catch {
    shown = String(action);
  }
  throw new Type(`react-lifeline/storybook: ${shown} is not an action the story's server can take: ${why}.`);
};

/**
 * The action as given, if the story's server can take it; otherwise a TypeError (wrong shape)
 * or RangeError (a code, reason or delay out of range) that says what to write instead.
 */
export function checkAction(action: unknown): LifelineAction {
  if (typeof action !== 'object' || action === null) return fail(action, `write one of { ${KINDS.join(' | ')}: … }`);
  const keys = Object.keys(action).filter((key) => key !== 'reason');
  const kind = keys[0] as (typeof KINDS)[number];
  if (keys.length !== 1 || !KINDS.includes(kind)) return fail(action, `write exactly one of ${KINDS.join(', ')}`);
  const value = (action as Record<string, unknown>)[kind];
  const reason = (action as { reason?: unknown }).reason;
  if (reason !== undefined && kind !== 'close') return fail(action, 'only `close` takes a reason');
  switch (kind) {
    case 'close':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > 4999)
        return fail(action, 'a close code is an integer from 1000 to 4999', RangeError);
      if (!describeCloseCode(value).onWire)
        return fail(action, `${value} never travels in a close frame${value === 1006 ? ': write { drop: true } for a connection that dies without one' : ''}`, RangeError);
      if (reason !== undefined && typeof reason !== 'string') return fail(action, 'a reason is a string');
      if (typeof reason === 'string' && utf8ByteLength(reason) > 123) return fail(action, 'a close reason is at most 123 bytes of UTF-8', RangeError);
      break;
    case 'restart':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 600_000)
        return fail(action, '`restart` is how many ms the server stays down, from 0 to 600000', RangeError);
      break;
    case 'refuse':
      if (typeof value !== 'boolean') return fail(action, '`refuse` is true or false');
      break;
    case 'message':
      if (typeof value !== 'string') return fail(action, 'a server message is a string');
      break;
    default:
      if (value !== true) return fail(action, `write { ${kind}: true }`);
  }
  // A fresh object of the values checked: the caller's may change later (or read differently twice).
  return (kind === 'close' ? (reason === undefined ? { close: value } : { close: value, reason }) : { [kind]: value }) as LifelineAction;
}
