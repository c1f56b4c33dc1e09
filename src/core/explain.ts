import type { LifelineErrorCode, LifelineErrorDetail } from './LifelineError';
import { redactUrl } from './redactUrl';

const describe = (value: unknown) =>
  typeof value === 'string' || Array.isArray(value)
    ? JSON.stringify(value)
    : typeof value === 'number' || typeof value === 'boolean' || value === null
      ? String(value)
      : typeof value;

// A cause's message may quote the URL (browsers' do): keep it, redacted.
const causeOf = (cause: unknown) => redactUrl(cause instanceof Error ? cause.message : describe(cause));

// What each option must be, by field (a code key's rule by its shape).
const EXPECTED: Readonly<Record<string, string>> = {
  queue: 'an object or false',
  heartbeat: 'an object',
  ready: 'an object',
  'queue.max': 'a whole number >= 0 or Infinity',
  'queue.overflow': "'reject' or 'drop-oldest'",
  'heartbeat.message': 'a string or a function returning one',
  'heartbeat.intervalMs': 'a finite number of ms > 0',
  'heartbeat.timeoutMs': 'a finite number of ms > 0',
  'heartbeat.isPong': 'a function or undefined',
  keepalive: 'an object',
  'keepalive.message': 'a string or a function returning one',
  'keepalive.intervalMs': 'a finite number of ms > 0',
  'keepalive.timeoutMs': 'a finite number of ms > 0, below intervalMs (one ping unanswered at a time)',
  'keepalive.isPong': 'a function or undefined',
  'keepalive.quietWhileHidden': 'true, false or undefined',
  'keepalive.returnJitterMs': 'a finite number of ms >= 0, or undefined',
  'ready.isReady': 'a function',
  'ready.message': 'a string, a function returning one, or undefined',
  'ready.timeoutMs': 'a finite number of ms > 0, or undefined',
  'policy.maxAttempts': 'a whole number >= 0 or Infinity',
  'policy.initialDelayMs': 'a finite number of ms >= 0',
  'policy.maxDelayMs': 'a finite number of ms >= 0',
  'policy.stableAfterMs': 'a finite number of ms >= 0',
  'policy.factor': 'a finite number >= 1',
  'policy.jitter': "'full', 'equal' or 'none'",
  'policy.pauseWhileOffline': 'true or false',
  'policy.reconnectOnOnline': 'true or false',
  'policy.shouldReconnect': 'a function or undefined',
  'policy.reauthenticate': 'a function or undefined',
  'policy.codes': 'an object keyed by close code',
  nativeNetwork: "an object: { NetInfo, AppState } (NetInfo from '@react-native-community/netinfo', AppState of 'react-native')",
  'nativeNetwork.NetInfo': "NetInfo from '@react-native-community/netinfo' (with addEventListener), or undefined",
  'nativeNetwork.AppState': "the AppState of 'react-native' (with addEventListener), or undefined",
  'nativeNetwork.NetInfo.addEventListener': "a function: pass NetInfo from '@react-native-community/netinfo'",
  'nativeNetwork.AppState.addEventListener': "a function: pass the AppState of 'react-native'",
};

const expected = (field = '') =>
  EXPECTED[field] ??
  (field.endsWith('.delayMs')
    ? 'a [min, max] window of finite delays with 0 <= min <= max, or a finite number of ms >= 0'
    : field.startsWith('policy.codes[')
      ? 'keyed by whole close codes (e.g. 4001)'
      : 'one of never, backoff, delayed, reauth or { delayMs }');

const SENTENCES: Readonly<Record<LifelineErrorCode, (d: LifelineErrorDetail) => string>> = {
  'invalid-url': (d) =>
    `the URL ${
      d.status === 'type'
        ? `must be a string or a URL, got ${d.got}`
        : d.status === 'scheme'
          ? `has an unsupported scheme "${d.got}": use ws: or wss:`
          : d.status === 'fragment'
            ? 'has a fragment (#...); WebSocket URLs may not have a fragment: remove it'
            : `is not a valid absolute URL${d.got ? ' (relative URLs need a page to resolve against)' : ''}`
    }. WebSocket URLs look like ws://host/path or wss://host/path.`,
  'url-failed': (d) => `the URL function threw or rejected: ${causeOf(d.cause)}`,
  'no-websocket': () =>
    'no WebSocket implementation here. In Node (or tests), pass one: <WebSocketProvider WebSocket={WebSocket from "ws"}> or createConnection(url, { WebSocket }).',
  'socket-failed': (d) => `new WebSocket() threw: ${causeOf(d.cause)}`,
  'socket-error': () => 'the WebSocket reported an error (the close that follows says more; the event is in `cause`).',
  'not-open': (d) =>
    d.status === 'queue-off'
      ? 'send() while not open with the queue off (queue: false): the message was not sent.'
      : d.status === 'disposed'
        ? 'send() after dispose(): this connection is gone for good; nothing was sent or queued.'
        : `send() while ${d.status}: nothing will deliver it. Call connect() first.`,
  'queue-full': (d) =>
    `the send queue is full (${d.count} messages) while ${d.status}: the message was rejected. Raise queue.max or use overflow: 'drop-oldest'.`,
  'queue-discarded': (d) =>
    `${d.count} queued message${d.count === 1 ? ' was' : 's were'} discarded unsent: the session they were queued for ended (${d.status}). Nothing queued is sent to another URL or after disconnect().`,
  'send-failed': (d) => `the socket refused the message: ${causeOf(d.cause)}`,
  'invalid-json': (d) => `sendJson() could not serialise the value: ${d.cause === undefined ? `${describe(d.got)} has no JSON form` : causeOf(d.cause)}.`,
  'parse-failed': (d) => `parse() threw on a message: ${causeOf(d.cause)}`,
  'invalid-policy': (d) => `${d.field} must be ${expected(d.field)}, got ${describe(d.got)}.`,
  'invalid-option': (d) => `${d.field} must be ${expected(d.field)}, got ${describe(d.got)}.`,
  'reauth-failed': (d) => `policy.reauthenticate failed: ${causeOf(d.cause)}`,
  'heartbeat-timeout': (d) => `no pong within ${d.got} ms: the connection was presumed dead and closed with 3008.`,
  'ready-timeout': (d) => `the server did not accept the connection (ready.isReady) within ${d.got} ms: closed with 3008.`,
  'invalid-position': (d) =>
    `${d.field} gave ${describe(d.got)} for a message: a stream position is a finite number, a non-empty string, { seq, epoch? }, or null for a message outside the stream. The message was delivered; the position stays where it was.`,
  'resume-timeout': (d) => `the server did not answer the resume request (resume.answer) within ${d.got} ms: closed with 3008, and the policy retries.`,
  'callback-failed': (d) => `${d.field} threw: ${causeOf(d.cause)}. The connection carried on; the throw is in \`cause\`.`,
  'invalid-data': (d) => `send() takes a string, an ArrayBuffer, a typed array, a DataView or a Blob, got ${describe(d.got)}: nothing was sent or queued.`,
};

/** The development-only sentence for an error: what went wrong and what to do. Never includes a URL. */
export function explain(code: LifelineErrorCode, detail: LifelineErrorDetail): string {
  return SENTENCES[code](detail);
}
