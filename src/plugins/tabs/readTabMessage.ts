import { assertCloseArgs, assertServerCloseArgs, isSendData } from '../../core';
import type { TabMessage, WireState } from './types';

const STATUSES = ['idle', 'connecting', 'open', 'closing', 'reconnecting', 'closed', 'failed'];
const COMMANDS = ['connect', 'retryNow', 'reauthenticate', 'disconnect', 'simulateClose'];
const INITIATORS = ['client', 'server', 'network'];
const ADVICE = ['never', 'backoff', 'delayed', 'reauth'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isTime = (value: unknown) => value === null || Number.isFinite(value);

const isClose = (close: unknown) =>
  close === null ||
  (isObject(close) &&
    isCount(close.code) &&
    typeof close.reason === 'string' &&
    typeof close.wasClean === 'boolean' &&
    Number.isFinite(close.at) &&
    INITIATORS.includes(close.initiator as string) &&
    ADVICE.includes(close.action as string) &&
    typeof close.willRetry === 'boolean' &&
    isTime(close.retryAt));

const isState = (state: unknown): state is WireState =>
  isObject(state) &&
  STATUSES.includes(state.status as string) &&
  [0, 1, 2, 3].includes(state.readyState as number) &&
  isCount(state.attempt) &&
  isTime(state.nextRetryAt) &&
  isClose(state.lastClose) &&
  (state.plugins === undefined || isObject(state.plugins)) &&
  (state.stop === null || (Array.isArray(state.stop) && isCount(state.stop[0]) && typeof state.stop[1] === 'string')) &&
  (state.error === null || (isObject(state.error) && typeof state.error.code === 'string' && typeof state.error.message === 'string'));

/**
 * A message from another tab, if it has the shape of one; anything else (another script of
 * the same origin, another version) is `null`, to be ignored. Nothing here throws.
 */
export function readTabMessage(message: unknown): TabMessage | null {
  if (!isObject(message) || typeof message.from !== 'string') return null;
  switch (message.t) {
    case 'hello':
    case 'bye':
    case 'ask':
    case 'discard':
      return message as TabMessage;
    case 'state':
      return isState(message.state) && (message.relay === undefined || typeof message.relay === 'boolean') ? (message as TabMessage) : null;
    case 'msg':
      return isSendData(message.data) ? (message as TabMessage) : null;
    case 'send':
      return isCount(message.seq) && (message.after === null || isCount(message.after)) && isSendData(message.data) ? (message as TabMessage) : null;
    case 'ack':
    case 'done':
      return typeof message.to === 'string' && isCount(message.seq) ? (message as TabMessage) : null;
    case 'cmd':
      if (!COMMANDS.includes(message.name as string) || !isCount(message.seq)) return null;
      if (message.name === 'disconnect' || message.name === 'simulateClose') {
        try {
          // A code and reason disconnect() takes, or one a server could close with (simulateClose()).
          (message.name === 'disconnect' ? assertCloseArgs : assertServerCloseArgs)(message.code as number, message.reason as string);
        } catch {
          return null;
        }
      }
      return message as TabMessage;
    default:
      return null;
  }
}
