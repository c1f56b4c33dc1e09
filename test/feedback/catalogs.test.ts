// Every message every shipped catalog can produce, read as a person would: for every close
// code (registered, the presets' own, unregistered), in every situation, in English, the
// German example and both presets. Fails on doubled punctuation, raw placeholders, empty or
// unfinished sentences, and a code in a headline.
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/core/closeCodes';
import { LifelineError, type LifelineErrorCode } from '../../src/core/LifelineError';
import type { CloseInfo, RetryAdvice } from '../../src/core/types';
import { describeFeedback, type FeedbackInput } from '../../src/feedback/describeFeedback';
import { englishMessages } from '../../src/feedback/englishMessages';
import { mergeMessages } from '../../src/feedback/mergeMessages';
import { discordGatewayMessages, graphqlWsMessages } from '../../src/presets';
import type { FeedbackMessages } from '../../src/feedback/types';
import { germanMessages } from '../../stories/germanMessages';

const NOW = 1_700_000_000_000;
const over = (layer: Partial<FeedbackMessages>) => mergeMessages(englishMessages, layer) as FeedbackMessages;

const CATALOGS: ReadonlyArray<[name: string, messages: FeedbackMessages, locale: string]> = [
  ['English', englishMessages, 'en-US'],
  ['German example', over(germanMessages), 'de-DE'],
  ['graphql-ws preset', over(graphqlWsMessages), 'en-US'],
  ['Discord preset', over(discordGatewayMessages), 'en-US'],
];

const CODES = [
  ...Object.keys(CLOSE_CODES).map(Number),
  ...Object.keys(graphqlWsMessages.codes!).map(Number),
  ...Object.keys(discordGatewayMessages.codes!).map(Number),
  999,
  1016,
  2999,
  3001,
  4999,
  5000,
];

const close = (code: number, action: RetryAdvice, willRetry: boolean): CloseInfo => ({
  code,
  reason: 'rule 7',
  wasClean: true,
  at: NOW,
  initiator: 'server',
  action,
  willRetry,
  retryAt: willRetry ? NOW + 12_000 : null,
});

type State = FeedbackInput['state'];
const SITUATIONS: ReadonlyArray<[name: string, state: (code: number) => State, extra?: Partial<FeedbackInput>]> = [
  ['a retry waits', (code) => ({ status: 'reconnecting', lastClose: close(code, 'backoff', true), attempt: 1, nextRetryAt: NOW + 12_000, online: true, error: null })],
  ['a retry waits a minute and more', (code) => ({ status: 'reconnecting', lastClose: close(code, 'delayed', true), attempt: 1, nextRetryAt: NOW + 61_000, online: true, error: null })],
  ['a retry runs', (code) => ({ status: 'reconnecting', lastClose: close(code, 'backoff', true), attempt: 2, nextRetryAt: null, online: true, error: null })],
  ['the app signs in again', (code) => ({ status: 'reconnecting', lastClose: close(code, 'reauth', true), attempt: 1, nextRetryAt: null, online: true, error: null })],
  ['it gave up after 1', (code) => ({ status: 'failed', lastClose: close(code, 'backoff', false), attempt: 1, nextRetryAt: null, online: true, error: null })],
  ['it gave up after 5', (code) => ({ status: 'failed', lastClose: close(code, 'backoff', false), attempt: 5, nextRetryAt: null, online: true, error: null })],
  ['it stopped', (code) => ({ status: 'closed', lastClose: close(code, 'never', false), attempt: 0, nextRetryAt: null, online: true, error: null }), { canSignIn: true }],
  ['it stopped, with the reason shown', (code) => ({ status: 'closed', lastClose: close(code, 'never', false), attempt: 0, nextRetryAt: null, online: true, error: null }), { showReason: true }],
  ['offline', (code) => ({ status: 'reconnecting', lastClose: close(code, 'backoff', true), attempt: 1, nextRetryAt: null, online: false, error: null })],
  ['open again, holding', (code) => ({ status: 'open', lastClose: close(code, 'backoff', true), attempt: 1, nextRetryAt: null, online: true, error: null }), { phase: 'confirming' }],
  ['back', (code) => ({ status: 'open', lastClose: close(code, 'backoff', true), attempt: 0, nextRetryAt: null, online: true, error: null }), { phase: 'restored' }],
];
const SETUP_FAILURES: readonly LifelineErrorCode[] = ['invalid-url', 'url-failed', 'no-websocket', 'socket-failed', 'reauth-failed', 'invalid-policy', 'invalid-option'];

/** What makes a sentence wrong to read, whatever the language. */
function problemsOf(text: string, kind: 'title' | 'sentence' | 'label'): string[] {
  const problems: string[] = [];
  if (text.trim() === '') problems.push('empty');
  if (/\$\{|\{\s*\w+\s*\}|undefined|\bnull\b|NaN|\[object/.test(text)) problems.push('a raw placeholder');
  if (/[.!?,;:]\s*[.!?,;:]/.test(text.replace(/…/g, ''))) problems.push('doubled punctuation');
  if (/\s[.,;:!?]/.test(text) || /\s{2,}/.test(text) || text !== text.trim()) problems.push('stray spaces');
  if (kind === 'sentence' && !/[.!?…]$/.test(text)) problems.push('an unfinished sentence');
  if (kind !== 'sentence' && /\.$/.test(text)) problems.push('a full stop in a headline or label');
  return problems;
}

describe.each(CATALOGS)('the %s catalog reads well', (_name, messages, locale) => {
  it.each(SITUATIONS)('for every code, when %s', (_situation, state, extra = {}) => {
    const found: string[] = [];
    for (const code of CODES) {
      const feedback = describeFeedback({ state: state(code), now: NOW, messages, locale, ...extra });
      if (!feedback) {
        found.push(`${code}: nothing to say`);
        continue;
      }
      for (const problem of problemsOf(feedback.title, 'title')) found.push(`${code} title "${feedback.title}": ${problem}`);
      for (const problem of problemsOf(feedback.description, 'sentence')) found.push(`${code} sentence "${feedback.description}": ${problem}`);
      if (feedback.action) for (const problem of problemsOf(feedback.action.label, 'label')) found.push(`${code} action "${feedback.action.label}": ${problem}`);
      if (new RegExp(`\\b${code}\\b`).test(feedback.title)) found.push(`${code} title "${feedback.title}": the code in a headline`);
    }
    expect(found).toEqual([]);
  });

  it('for every set-up failure', () => {
    const found: string[] = [];
    for (const code of SETUP_FAILURES) {
      const state: State = { status: 'failed', lastClose: null, attempt: 0, nextRetryAt: null, online: true, error: new LifelineError(code) };
      const feedback = describeFeedback({ state, now: NOW, messages, locale, canSignIn: true })!;
      for (const problem of [...problemsOf(feedback.title, 'title'), ...problemsOf(feedback.description, 'sentence')]) found.push(`${code}: ${problem}`);
    }
    expect(found).toEqual([]);
  });
});

describe('words and actions agree', () => {
  it.each(CATALOGS)('in the %s catalog, a sentence that asks for a reload comes with Reload, and Reload only with such a sentence', (_name, messages, locale) => {
    const reloadWord = locale.startsWith('de') ? /neu laden|laden sie die seite neu/i : /reload/i;
    const found: string[] = [];
    for (const code of CODES) {
      for (const [, state, extra = {}] of SITUATIONS) {
        const feedback = describeFeedback({ state: state(code), now: NOW, messages, locale, ...extra });
        if (!feedback) continue;
        const asks = reloadWord.test(feedback.description);
        const offers = feedback.action?.label === messages.reload;
        if (asks !== offers) found.push(`${code}: "${feedback.description}" with ${feedback.action?.label ?? 'no button'}`);
      }
    }
    expect(found).toEqual([]);
  });
});
