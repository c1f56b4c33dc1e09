import { closeCodeRange } from './closeCodeRange';

const REGISTERED: Readonly<Record<number, string>> = {
  1000: 'The work is finished; either side closed on purpose.',
  1001: 'The server is shutting down or redeploying, or the page is unloading.',
  1002: 'A peer broke the WebSocket protocol: a bug or a version mismatch.',
  1003: 'A peer received a frame type it cannot accept (binary vs text).',
  1004: 'Reserved; never valid on the wire.',
  1005: 'A close frame arrived without a status code (local only).',
  1006: 'No close frame: network loss, TCP reset, or any failed handshake, including HTTP 401/403 (local only).',
  1007: 'A frame carried invalid data, such as text that is not UTF-8.',
  1008: 'The server rejected the connection or a message under its policy.',
  1009: "A message was larger than the peer's limit.",
  1010: 'The server lacks an extension the client requires.',
  1011: 'The server hit an unexpected condition; worth logging.',
  1012: 'The server is restarting; reconnect after a random wait of 5-30 s.',
  1013: 'The server is overloaded; reconnect after a long random wait (10-60 s).',
  1014: 'A proxy or gateway got a bad answer from upstream.',
  1015: 'The TLS handshake failed (local only; browsers report 1006 instead).',
  3000: 'Credentials are missing or expired; re-authenticate, then reconnect.',
  3003: 'The credentials are valid but lack permission.',
  3008: 'An application-level timeout closed the connection.',
};

const BY_RANGE = {
  invalid: 'Not a valid close code: a protocol anomaly.',
  protocol: 'A protocol code that IANA has not assigned.',
  registered: 'A library/framework code that IANA has not assigned; the policy must say what it means.',
  private: 'An application-defined code; the policy must say what it means.',
} as const;

/**
 * One developer-facing sentence about a close code (not the end-user message): for docs,
 * logs and tools. `CloseCodeInfo.summary` carries it in development builds only; import this
 * to have it in production too.
 */
export function closeCodeSummary(code: number): string {
  return REGISTERED[code] ?? BY_RANGE[closeCodeRange(code)];
}
