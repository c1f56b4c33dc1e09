import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/core/closeCodes';
import { decideReconnect } from '../../src/core/decideReconnect';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import { LifelineError } from '../../src/core/LifelineError';
import { resolvePolicy } from '../../src/core/resolvePolicy';
import type { CloseInfo, ConnectionState } from '../../src/core/types';
import { describeFeedback, type FeedbackInput } from '../../src/feedback/describeFeedback';
import { englishMessages } from '../../src/feedback/englishMessages';
import { mergeMessages } from '../../src/feedback/mergeMessages';
import { discordGatewayMessages, graphqlWsMessages } from '../../src/presets';
import { seededRandom } from '../helpers/seededRandom';

const NOW = 1_700_000_000_000;

/** The state a connection is in right after this close, under the default policy. */
function afterClose(code: number, reason = ''): FeedbackInput['state'] {
  const base = { code, reason, wasClean: code !== 1006, at: NOW, initiator: code === 1006 ? 'network' : 'server', meaning: describeCloseCode(code) } as const;
  const decision = decideReconnect(base, 0, resolvePolicy(), seededRandom(code));
  const { delayMs } = decision;
  const lastClose: CloseInfo = { ...base, action: decision.action, willRetry: delayMs !== null, retryAt: delayMs === null ? null : NOW + delayMs };
  return delayMs !== null
    ? { status: 'reconnecting', lastClose, attempt: 1, nextRetryAt: NOW + delayMs, online: true, error: null }
    : { status: 'closed', lastClose, attempt: 0, nextRetryAt: null, online: true, error: null };
}

const feedbackFor = (state: FeedbackInput['state'], extra: Partial<FeedbackInput> = {}) =>
  describeFeedback({ state, now: NOW, messages: englishMessages, locale: 'en-US', ...extra });

// What a person can do once a close will not come back by itself (the words say the same):
// start again, reload the page (protocol trouble, a policy violation), or sign in again. A
// stopped connection always offers one of them; only a 3000 with no way to sign in here, whose
// words ask for a sign-in, has no button.
const FINAL_ACTION: Readonly<Record<number, string | null>> = {
  1000: 'Reconnect',
  1002: 'Reload',
  1003: 'Reload',
  1004: 'Reload',
  1007: 'Reload',
  1008: 'Reload',
  1009: 'Reconnect',
  1010: 'Reload',
  1015: 'Reconnect',
  3000: null,
  3003: 'Reconnect',
  999: 'Reload',
  5000: 'Reload',
  3001: 'Reconnect',
  4000: 'Reconnect',
  4500: 'Reconnect',
  4999: 'Reconnect',
};

/** While a retry is scheduled: Retry now; else what FINAL_ACTION says. */
function expectedAction(code: number): string | null {
  const info = describeCloseCode(code);
  if (info.retry === 'backoff' || info.retry === 'delayed') return 'Retry now';
  return FINAL_ACTION[code] ?? null;
}

const CODES = [...Object.keys(CLOSE_CODES).map(Number), 999, 1016, 2999, 3001, 4000, 4500, 4999, 5000];

describe('describeFeedback for every close code', () => {
  it.each(CODES)('%i has a title, a sentence, its severity and its action', (code) => {
    const state = afterClose(code);
    const feedback = feedbackFor(state)!;
    expect(feedback).not.toBeNull();
    expect(feedback.title.trim().length).toBeGreaterThan(3);
    expect(feedback.description.trim().length).toBeGreaterThan(3);
    // While the policy retries, nothing needs the user yet: an error code reads as a warning (no alert per attempt).
    const severity = describeCloseCode(code).severity;
    expect(feedback.severity).toBe(state.status === 'reconnecting' && severity === 'error' ? 'warning' : severity);
    expect(feedback.action?.label ?? null).toBe(expectedAction(code));
    expect(feedback.code).toBe(code);
    if (state.status === 'reconnecting') {
      expect(feedback.retryInMs).toBe(state.nextRetryAt! - NOW);
      expect(feedback.description).toMatch(/^Reconnecting in \d+ (second|minute)/);
    } else {
      expect(feedback.retryInMs).toBeNull();
      expect(feedback.description).not.toMatch(/Reconnecting/);
    }
  });

  it('says what a 1008 means, with no retry, and offers the reload its sentence asks for', () => {
    const feedback = feedbackFor(afterClose(1008))!;
    expect(feedback).toMatchObject({ severity: 'error', title: 'The server refused the connection', action: { label: 'Reload' }, retryInMs: null });
    expect(feedback.description).toMatch(/server's rules.*Reload the page/);
  });

  it('offers Sign in again for 3000 only where it can do something', () => {
    expect(feedbackFor(afterClose(3000))!.action).toBeNull();
    expect(feedbackFor(afterClose(3000), { canSignIn: true })!.action?.label).toBe('Sign in again');
  });

  it('counts down for 1012 within the 5-30 s window, formatted for the locale', () => {
    const state = afterClose(1012);
    expect(state.nextRetryAt! - NOW).toBeGreaterThanOrEqual(5000);
    const at = (ms: number) => feedbackFor({ ...state, nextRetryAt: NOW + ms })!.description;
    expect(at(12_000)).toBe('Reconnecting in 12 seconds.');
    expect(at(11_001)).toBe('Reconnecting in 12 seconds.');
    expect(at(1000)).toBe('Reconnecting in 1 second.');
    expect(at(90_000)).toBe('Reconnecting in 1 minute 30 seconds.');
    // Long unit names: an abbreviation's period ("5 Sek.") would double up at the sentence's end.
    expect(feedbackFor({ ...state, nextRetryAt: null })!).toMatchObject({ description: 'Reconnecting…', action: null });
    // Due (the timer is about to fire, or fires a few ms late): never "in 0 seconds", no Retry now.
    expect(feedbackFor({ ...state, nextRetryAt: NOW })!).toMatchObject({ description: 'Reconnecting…', action: null, retryInMs: null });
    expect(feedbackFor({ ...state, nextRetryAt: NOW - 5 })!).toMatchObject({ description: 'Reconnecting…', action: null });
    expect(at(1)).toBe('Reconnecting in 1 second.');
  });
});

describe("a countdown's units follow the catalog's language", () => {
  const waiting = { ...afterClose(1012), nextRetryAt: NOW + 72_000 };
  const german = { ...englishMessages, locale: 'de', retryingIn: ({ retryIn }: { retryIn: string }) => `Neuer Versuch in ${retryIn}.` };

  it('keeps English units in the English sentence whatever the locale, or none', () => {
    for (const locale of ['fr-FR', 'de-DE', 'pl-PL', undefined]) {
      expect(feedbackFor(waiting, { locale })!.description).toBe('Reconnecting in 1 minute 12 seconds.');
    }
  });

  it("writes a German catalog's countdown in German, in the app's regional form where it is German too", () => {
    expect(feedbackFor(waiting, { messages: german, locale: 'fr-FR' })!.description).toBe('Neuer Versuch in 1 Minute 12 Sekunden.');
    expect(feedbackFor(waiting, { messages: german, locale: 'de-CH' })!.description).toBe('Neuer Versuch in 1 Minute 12 Sekunden.');
    expect(feedbackFor(waiting, { messages: german, locale: undefined })!.description).toBe('Neuer Versuch in 1 Minute 12 Sekunden.');
  });

  it("takes the app's locale for a catalog that does not say its language", () => {
    const { locale: _english, ...unsaid } = german;
    // (French puts a narrow no-break space before the unit.)
    expect(feedbackFor(waiting, { messages: unsaid, locale: 'fr-FR' })!.description).toMatch(/^Neuer Versuch in 1\sminute 12\ssecondes\.$/);
  });
});

describe('a stopped connection always offers a way forward', () => {
  const stopped = (code: number): FeedbackInput['state'] => ({ ...afterClose(code), status: 'closed', attempt: 0, nextRetryAt: null });
  const graphqlWs = { ...englishMessages, ...graphqlWsMessages };

  it('offers Reconnect, Reload or Sign in again for every code that stops under the default policy', () => {
    const without: string[] = [];
    for (const code of [...CODES, 4401, 4408, 4321]) {
      if (code === 3000) continue; // its words ask for a sign-in: covered with canSignIn below
      const feedback = feedbackFor(stopped(code));
      if (!feedback?.action) without.push(`${code}: ${feedback?.title ?? 'nothing shown'}`);
    }
    expect(without).toEqual([]);
    expect(feedbackFor(stopped(3000), { canSignIn: true })!.action?.label).toBe('Sign in again');
  });

  it('offers Reconnect for a 1009 (a message too big) and for a stopped 4408 in graphql-ws words under the default policy', () => {
    expect(feedbackFor(stopped(1009))).toMatchObject({ title: 'A message was too large', action: { kind: 'reconnect', label: 'Reconnect' } });
    expect(feedbackFor(stopped(4408), { messages: graphqlWs })).toMatchObject({ title: 'The connection took too long to start', action: { kind: 'reconnect' } });
  });
});

describe('describeFeedback for states', () => {
  const healthy: FeedbackInput['state'] = { status: 'open', lastClose: null, attempt: 0, nextRetryAt: null, online: true, error: null };

  it('says nothing while open, idle, connecting for the first time or closing', () => {
    for (const status of ['open', 'idle', 'connecting', 'closing'] as const) expect(feedbackFor({ ...healthy, status })).toBeNull();
  });

  it('says nothing after a close the client asked for', () => {
    const state = afterClose(1000);
    expect(feedbackFor({ ...state, lastClose: { ...state.lastClose!, initiator: 'client' } })).toBeNull();
  });

  it('reports offline before anything else while not open', () => {
    expect(feedbackFor({ ...afterClose(1006), online: false })).toMatchObject({ severity: 'warning', title: 'You are offline', action: null });
    expect(feedbackFor({ ...healthy, online: false })).toBeNull();
  });

  it('reports giving up in the words of its cause, with the count and the action the cause allows', () => {
    const gaveUp = (code: number): FeedbackInput['state'] => {
      const state = afterClose(code);
      return { ...state, status: 'failed', attempt: 5, nextRetryAt: null, lastClose: { ...state.lastClose!, willRetry: false, retryAt: null } };
    };
    expect(feedbackFor(gaveUp(1006))).toMatchObject({ severity: 'error', title: 'Connection lost', description: 'The connection dropped. Gave up after 5 attempts.', action: { label: 'Reconnect' } });
    expect(feedbackFor(gaveUp(1011))).toMatchObject({ title: 'The server ran into a problem', description: 'The server hit an internal error. Gave up after 5 attempts.' });
    // A code the policy retried whose words name no action (a preset's, an app's own): Reconnect is what is left.
    const words = { ...englishMessages, codes: { ...graphqlWsMessages.codes, 4321: { title: 'The game server is full' } } };
    expect(feedbackFor(gaveUp(4408), { messages: words })).toMatchObject({ title: 'The connection took too long to start', description: 'The server did not get the connection set up in time. Gave up after 5 attempts.', action: { kind: 'reconnect', label: 'Reconnect' } });
    expect(feedbackFor(gaveUp(4504), { messages: words })!.action?.label).toBe('Reconnect');
    expect(feedbackFor(gaveUp(4321), { messages: words })).toMatchObject({ title: 'The game server is full', action: { label: 'Reconnect' } });
    expect(feedbackFor(gaveUp(4000), { messages: { ...englishMessages, ...discordGatewayMessages } })!.action?.label).toBe('Reconnect');
    expect(feedbackFor(gaveUp(4403), { messages: words })).toMatchObject({ title: 'Access denied', action: { label: 'Reconnect' } });
    // An app's words that say no button helps keep saying so after giving up.
    const none = { ...englishMessages, codes: { 4322: { title: 'Closed for maintenance', detail: 'Come back after 18:00.', action: null } } };
    expect(feedbackFor(gaveUp(4322), { messages: none })).toMatchObject({ title: 'Closed for maintenance', action: null });
  });

  it('reports a close that will not come back by itself as an error: a reload it asks for, or words that say no button helps', () => {
    const graphqlWs = { ...englishMessages, ...graphqlWsMessages };
    const discord = { ...englishMessages, ...discordGatewayMessages };
    const final = (code: number): FeedbackInput['state'] => ({ ...afterClose(code), status: 'closed', attempt: 0, nextRetryAt: null });
    // 44xx are private-use codes (a warning by range), but these pages cannot go on without a reload.
    for (const code of [4400, 4401, 4406, 4409, 4429]) expect(feedbackFor(final(code), { messages: graphqlWs })).toMatchObject({ severity: 'error', action: { kind: 'reload' } });
    for (const code of [4010, 4011, 4013, 4014]) expect(feedbackFor(final(code), { messages: discord })).toMatchObject({ severity: 'error', action: { kind: 'reload' } });
    expect(feedbackFor(final(4012), { messages: discord })).toMatchObject({ severity: 'error', action: { kind: 'reload' } });
    // Not a dead end: the app can sign in, or an unknown app code.
    expect(feedbackFor(final(4004), { messages: discord, canSignIn: true })).toMatchObject({ severity: 'warning', action: { kind: 'signInAgain' } });
    expect(feedbackFor(final(4321))).toMatchObject({ severity: 'warning', action: { kind: 'reconnect' } });
  });

  it('words every code the Discord preset retries for the moment it gives up, without a raw code', () => {
    const discord = { ...englishMessages, ...discordGatewayMessages };
    for (const code of [4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009]) {
      const state = afterClose(code);
      const feedback = feedbackFor({ ...state, status: 'failed', attempt: 5, nextRetryAt: null, lastClose: { ...state.lastClose!, willRetry: false, retryAt: null } }, { messages: discord })!;
      expect(feedback.description).not.toMatch(/\b\d{4}\b/);
      expect(feedback.description).toMatch(/\. Gave up after 5 attempts\.$/);
    }
  });

  it('reports set-up failures, offering Reconnect only where it can help', () => {
    const failed = (code: ConstructorParameters<typeof LifelineError>[0]) =>
      feedbackFor({ ...healthy, status: 'failed', error: new LifelineError(code) })!;
    expect(failed('invalid-url')).toMatchObject({ title: 'Could not connect', action: null, severity: 'error' });
    expect(failed('no-websocket').action).toBeNull();
    expect(failed('url-failed').action?.label).toBe('Reconnect');
    expect(failed('reauth-failed').title).toBe('Your session has expired');
    expect(feedbackFor({ ...healthy, status: 'failed', error: new LifelineError('reauth-failed') }, { canSignIn: true })!.action?.label).toBe('Sign in again');
  });

  it('reports a restored connection as success, without countdown or action', () => {
    expect(feedbackFor(healthy, { phase: 'restored' })).toMatchObject({ severity: 'success', title: 'Reconnected', action: null, retryInMs: null });
    // Open again but not holding yet: the incident's words stay, never "Reconnected".
    expect(feedbackFor(healthy, { phase: 'confirming' })).toMatchObject({ title: 'Reconnecting', description: 'Connecting to the server…', action: null });
  });

  it('treats a heartbeat timeout (3008 by the client) as an incident', () => {
    const state = afterClose(3008);
    expect(feedbackFor({ ...state, lastClose: { ...state.lastClose!, initiator: 'client' } })?.title).toBe('The connection timed out');
  });
});

describe('describeFeedback: messages and reasons', () => {
  it('uses overrides, strings or functions of { code, attempt, retryInMs, retryIn, reason }', () => {
    const messages = {
      ...englishMessages,
      serverRestarting: 'Wartung',
      retryingIn: ({ code, attempt, retryInMs, retryIn }: { code: number | null; attempt: number; retryInMs: number | null; retryIn: string }) =>
        `${code}/${attempt}/${retryInMs}/${retryIn}`,
    };
    const state: ConnectionState['status'] = 'reconnecting';
    const feedback = feedbackFor({ ...afterClose(1012), status: state, nextRetryAt: NOW + 7000 }, { messages })!;
    expect(feedback.title).toBe('Wartung');
    expect(feedback.description).toBe('1012/1/7000/7 seconds');
  });

  it('hides the server reason unless showReason, and then shows it cleaned', () => {
    const state = afterClose(1008, 'banned\u202Eevil\u0007 text');
    expect(feedbackFor(state)!.description).not.toMatch(/banned/);
    const shown = feedbackFor(state, { showReason: true })!;
    expect(shown.description).toMatch(/The server said: “banned evil text”\.$/);
  });

  it("never calls the client's own close reason (a heartbeat's) what the server said", () => {
    const state = afterClose(3008, 'Heartbeat timeout');
    const own = { ...state, lastClose: { ...state.lastClose!, initiator: 'client' as const }, error: null };
    expect(feedbackFor(own, { showReason: true })!.description).not.toMatch(/server said|Heartbeat timeout/);
  });
});

describe("mergeMessages keeps a catalog's language with its countdown sentence", () => {
  it('keeps the language of the layer whose retryingIn it keeps', () => {
    expect(mergeMessages(englishMessages, graphqlWsMessages).locale).toBe('en');
    expect(mergeMessages(englishMessages, { locale: 'de', retryingIn: 'Gleich.' }).locale).toBe('de');
    // Its own countdown sentence, no language said: open (the app's locale then), not the English layer's.
    expect(mergeMessages(englishMessages, { retryingIn: 'Gleich.' }).locale).toBeUndefined();
  });
});
