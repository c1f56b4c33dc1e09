import { checkFields, isSendData, LifelineError } from '../../core';
import type { Plugin, PluginApi, PluginHooks, SendData } from '../../core';
import { readPoint, readPosition, type ResumePoint, type StreamPosition } from './position';

/** What the server's answer to a resume request says: carried on from the position, started a new stream, or cannot resume. */
export type ResumeAnswer = 'resumed' | 'started' | 'refused';

/**
 * Messages the app will not get: reported once per lost range, never silently.
 * - `'gap'`: a sequence number jumped (`missed` says how many).
 * - `'refused'`: the server cannot resume from `after` (its buffer is gone, a new session).
 * - `'epoch'`: messages of another epoch came without a refusal: the stream started anew.
 */
export interface ResumeGap {
  kind: 'gap' | 'refused' | 'epoch';
  /** The last position delivered before the loss (null: none yet). */
  after: ResumePoint | null;
  /** The first position delivered after it; null for a refusal (reported at once, before anything new arrives). */
  next: ResumePoint | null;
  /** How many messages were lost, when the sequence numbers tell. */
  missed: number | undefined;
}

/** `state.plugins.resume`: where the stream stands. */
export interface ResumeState {
  /** The last position delivered to `onMessage` (null: none in this session). */
  last: ResumePoint | null;
  /** A resume request is out and not answered yet. */
  resuming: boolean;
  /** Gaps and refusals reported in this session. */
  gaps: number;
  lastGap: ResumeGap | null;
}

export interface ResumeOptions<M = unknown> {
  /** How the plug-in reads a server message. Default: JSON text parsed, anything else as it is. */
  parse?: ((data: unknown) => M) | undefined;
  /** Where a message sits in the stream; `null` for one outside it (a pong, a control message), which is delivered untouched. */
  idOf: (message: M) => StreamPosition | null | undefined;
  /** The resume request, from the last position delivered (`null`: a fresh start); sent straight out at open, before anything queued. */
  hello?: ((last: ResumePoint | null) => SendData | undefined) | undefined;
  /** Send the hello at this server message instead of at open (Discord sends HELLO first). */
  helloOn?: ((message: M) => boolean) | undefined;
  /** The server's answer to the hello. Given, the connection counts as open only once it answers (or `timeoutMs` passes: closed with 3008). */
  answer?: ((message: M) => ResumeAnswer | undefined) | undefined;
  /** After a refusal, send `hello(null)` (a fresh start, Discord's IDENTIFY) and wait for `'started'`. Default false: a refusal ends the wait. */
  freshAfterRefusal?: boolean | undefined;
  /** Puts the last position into the URL of every attempt (Server-Sent Events' Last-Event-ID), instead of or as well as a hello. */
  url?: ((href: string, last: ResumePoint | null) => string) | undefined;
  /** Sequence numbers step by exactly 1, so a jump is a gap. Default true. */
  contiguous?: boolean | undefined;
  /** How many event ids (string positions) are remembered to recognise a replayed one. Default 1000. */
  remember?: number | undefined;
  /** No answer within this many ms: closed with 3008, and the policy retries. Default 10000. */
  timeoutMs?: number | undefined;
  /** Messages the app will not get: refetch what it shows. */
  onGap?: ((gap: ResumeGap) => void) | undefined;
}

const NAME = 'resume';

/** JSON text parsed, anything else (or text that is not JSON) as it is. */
const readJson = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
};

/**
 * Resume after reconnect, for any protocol: the plug-in remembers the last position it
 * delivered to `onMessage`, asks for what was missed on every reconnect (a `hello` sent
 * before anything queued, or the position put into the `url`), drops what a replay delivers
 * twice (the message is swallowed), and reports every loss once (`onGap` and
 * `state.plugins.resume`): a sequence that jumps, a server that refuses, a new epoch. A
 * reconnect keeps the position; another URL or `disconnect()` starts a new stream. Presets:
 * `sequenceResume`, `lastEventIdResume`, `discordGatewayResume` (react-lifeline/presets).
 *
 * @example
 * import { resume } from 'react-lifeline/resume';
 * useWebSocket(url, {
 *   plugins: [resume({
 *     idOf: (message) => message.seq ?? null,
 *     hello: (last) => JSON.stringify({ type: 'resume', after: last?.seq ?? null }),
 *     answer: (message) => (message.type === 'resumed' ? 'resumed' : message.type === 'refused' ? 'refused' : undefined),
 *     onGap: () => refetch(),
 *   })],
 * });
 */
export function resume<M = unknown>(options: ResumeOptions<M>): Plugin<ResumeOptions<M>> {
  return {
    name: NAME,
    options,
    error:
      process.env.NODE_ENV !== 'production'
        ? checkFields('invalid-option', NAME, options, 'idOf:f parse:f? hello:f? helloOn:f? answer:f? url:f? onGap:f? freshAfterRefusal:b? contiguous:b? remember:c? timeoutMs:p?')
        : null,
    setup: setup as unknown as Plugin<ResumeOptions<M>>['setup'],
  };
}

function setup(api: PluginApi<ResumeOptions>): PluginHooks {
  /** The app's function through the guard: its answer in a box, or undefined when it threw (reported). */
  const attempt = <V, R>(field: string, fn: (value: V) => R, value: V): [R] | undefined => api.call(field, (v: V) => [fn(v)] as [R], value);
  const carried = readPoint((api.carried as Partial<ResumeState> | undefined)?.last);
  let last: ResumePoint | null = carried; // delivered to onMessage
  let epoch = carried?.epoch;
  let pending: ResumePoint | null = null; // the message heard now, until it reaches onMessage
  let recent = new Set<string>(carried?.id === undefined ? [] : [carried.id]);
  let gaps = 0;
  let lastGap: ResumeGap | null = null;
  let resuming = false; // a hello is out, unanswered
  let holding = false; // the open waits for the answer
  let helloDue = false; // a hello waits for `helloOn`
  let timer: unknown;

  const name = (field: string) => `${NAME}.${field}`;
  const stopTimer = () => {
    if (timer !== undefined) api.timers.clearTimeout(timer);
    timer = undefined;
  };
  const publish = () => api.annotate({ last, resuming, gaps, lastGap } satisfies ResumeState);
  const lost = (gap: ResumeGap) => {
    gaps += 1;
    lastGap = gap;
    publish();
    api.call(name('onGap'), api.options().onGap, gap);
  };
  /** A new stream: nothing delivered in it yet. */
  const forget = () => {
    last = pending = null;
    epoch = undefined;
    recent = new Set();
  };
  /** Sends the hello: false when there is none to send (`hello` absent or giving undefined); a throw or bad data is reported, and counts as sent (its answer will not come: the wait times out). */
  const sendHello = (from: ResumePoint | null) => {
    helloDue = false;
    const got = attempt(name('hello'), api.options().hello ?? (() => undefined), from);
    if (got && got[0] === undefined) return false;
    if (got && !isSendData(got[0])) api.report(new LifelineError('invalid-data', { field: name('hello'), got: got[0] }));
    else if (got) api.send(got[0]!);
    resuming = true;
    publish();
    return true;
  };
  const settle = () => {
    stopTimer();
    resuming = false;
    if (holding) {
      holding = false;
      api.ready();
    }
    publish();
  };
  const refused = () => {
    const after = last;
    forget();
    lost({ kind: 'refused', after, next: null, missed: undefined });
  };

  /** Where the message sits: `'seen'` already delivered (swallowed), `'outside'` the stream; otherwise `'new'`, noted to count once it reaches onMessage. */
  const place = (message: unknown): 'seen' | 'outside' | 'new' => {
    const { idOf, contiguous = true } = api.options();
    const got = attempt(name('idOf'), idOf, message);
    const position = got?.[0];
    if (!got || position === null) return 'outside'; // a throw is reported; the message is delivered
    const point = readPosition(position, epoch);
    if (!point) {
      api.report(new LifelineError('invalid-position', { field: name('idOf'), got: position }));
      return 'outside';
    }
    if (point.epoch !== epoch) {
      // Another epoch: another stream. Unannounced (no refusal), what this one missed of the last is lost.
      const after = last;
      forget();
      epoch = point.epoch;
      if (after) lost({ kind: 'epoch', after, next: point, missed: undefined });
    }
    if (point.id !== undefined) {
      if (recent.has(point.id)) return 'seen';
    } else if (last?.seq !== undefined) {
      if (point.seq! <= last.seq) return 'seen'; // replayed again, or from before: delivered already
      if (contiguous && point.seq! > last.seq + 1) lost({ kind: 'gap', after: last, next: point, missed: point.seq! - last.seq - 1 });
    }
    pending = point;
    return 'new';
  };

  publish();
  return {
    socketOpen() {
      const { helloOn, answer, timeoutMs } = api.options();
      pending = null;
      helloDue = !!helloOn;
      const sent = helloDue ? false : sendHello(last);
      if (!answer || (!sent && !helloDue)) return;
      // Production builds skip the check: a timeout that cannot be right is the default.
      const ms = timeoutMs! > 0 ? timeoutMs! : 10_000;
      timer = api.timers.setTimeout(() => {
        timer = undefined;
        api.close(3008, 'Resume timeout', new LifelineError('resume-timeout', { got: ms }));
      }, ms);
      holding = true;
      return 'hold';
    },
    message(data) {
      pending = null; // the one before did not reach onMessage (parse failed, or swallowed): it counts as not delivered
      const { parse = readJson, helloOn, answer, freshAfterRefusal } = api.options();
      const got = attempt(name('parse'), parse, data);
      if (!got) return false; // reported; delivered as it is, and the position stays
      const [message] = got;
      if (helloDue && api.call(name('helloOn'), helloOn, message)) sendHello(last);
      let said: ResumeAnswer | undefined;
      if (resuming && answer) {
        said = api.call(name('answer'), answer, message);
        if (said === 'refused') {
          refused();
          if (!(freshAfterRefusal && sendHello(null))) settle();
        } else if (said === 'started') {
          if (last) refused(); // asked to resume, given a new stream: what was missed is lost
          settle();
        } else if (said === 'resumed') settle();
      }
      const position = place(message);
      // An answer outside the stream is the plug-in's, not the app's (Discord's READY and RESUMED carry a position, and are delivered).
      return position === 'outside' ? !!said : position === 'seen';
    },
    delivered() {
      if (!pending) return;
      last = pending;
      pending = null;
      if (last.id !== undefined) {
        recent.add(last.id);
        const { remember = 1000 } = api.options();
        if (recent.size > remember) recent.delete(recent.values().next().value!);
      }
      publish();
    },
    url(href) {
      const { url } = api.options();
      return url ? api.call(name('url'), url, href, last) : undefined;
    },
    close() {
      stopTimer();
      holding = resuming = helloDue = false;
      pending = null;
    },
    end() {
      forget();
      gaps = 0;
      lastGap = null;
      publish();
    },
    dispose: stopTimer,
  };
}
