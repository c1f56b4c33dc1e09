import { resume, type ResumeOptions } from '../plugins/resume/index';

interface GatewayPayload {
  op?: unknown;
  s?: unknown;
  t?: unknown;
  d?: { session_id?: unknown } | null;
}

/**
 * Discord gateway sessions, resumed: after the server's HELLO (op 10) the client IDENTIFYs
 * (op 2, your `identify()` payload) the first time, and RESUMEs (op 6 with the token, the
 * session id from READY and the last sequence number `s`) after every reconnect. The server
 * replays what was missed, then `RESUMED`; an invalid session (op 9) is reported as a
 * refusal and the client identifies again. Dispatches (op 0) replayed twice are dropped.
 * Pair with `discordGatewayPolicy`; heartbeats (op 1/11) stay the app's.
 *
 * @example
 * import { discordGatewayPolicy, discordGatewayResume } from 'react-lifeline/presets';
 * useWebSocket('wss://gateway.discord.gg/?v=10&encoding=json', {
 *   policy: discordGatewayPolicy,
 *   plugins: [discordGatewayResume({ identify: () => ({ token, intents: 513, properties: { os: 'linux', browser: 'app', device: 'app' } }) })],
 * });
 */
export function discordGatewayResume(options: Partial<ResumeOptions<GatewayPayload>> & { identify: () => { token: string } & Record<string, unknown> }) {
  const { identify, ...rest } = options;
  return resume<GatewayPayload>({
    idOf: (payload) => {
      if (payload?.op !== 0 || typeof payload.s !== 'number') return null;
      const session = payload.t === 'READY' ? payload.d?.session_id : undefined;
      return typeof session === 'string' ? { seq: payload.s, epoch: session } : payload.s;
    },
    helloOn: (payload) => payload?.op === 10,
    hello: (last) => {
      const { token, ...rest } = identify();
      return JSON.stringify(
        last?.seq !== undefined && typeof last.epoch === 'string'
          ? { op: 6, d: { token, session_id: last.epoch, seq: last.seq } }
          : { op: 2, d: { token, ...rest } },
      );
    },
    answer: (payload) => (payload?.op === 9 ? 'refused' : payload?.op === 0 && payload.t === 'RESUMED' ? 'resumed' : payload?.op === 0 && payload.t === 'READY' ? 'started' : undefined),
    freshAfterRefusal: true,
    ...rest,
  });
}
