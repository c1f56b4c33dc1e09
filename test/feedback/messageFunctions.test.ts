import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeFeedback, type FeedbackInput } from '../../src/feedback/describeFeedback';
import { englishMessages } from '../../src/feedback/englishMessages';
import { mergeMessages } from '../../src/feedback/mergeMessages';
import type { FeedbackMessages } from '../../src/feedback/types';

const NOW = 1_700_000_000_000;
const waiting: FeedbackInput['state'] = {
  status: 'reconnecting',
  lastClose: { code: 1006, reason: '', wasClean: false, at: NOW, initiator: 'network', action: 'backoff', willRetry: true, retryAt: NOW + 5_000 },
  attempt: 1,
  nextRetryAt: NOW + 5_000,
  online: true,
  error: null,
};

describe('message functions in a catalog go through the guard', () => {
  it('a retryingIn function that throws does not break describing the feedback (the English words stand in)', () => {
    const messages = mergeMessages(englishMessages, {
      retryingIn: () => {
        throw new Error('missing translation');
      },
    }) as FeedbackMessages;
    let described: ReturnType<typeof describeFeedback> = null;
    expect(() => (described = describeFeedback({ state: waiting, now: NOW, messages, locale: 'en-US' }))).not.toThrow();
    expect(described).toMatchObject({ code: 1006, retryInMs: 5_000 });
  });
});

describe('a message function that throws changes the words, not what the feedback offers', () => {
  afterEach(() => void vi.restoreAllMocks());
  // The app's own words for its code 4000: nothing a button can do (action: null), an error.
  const codes = { 4000: { title: 'Banned', detail: 'This account may not chat.', action: null } } as const;
  const banned: FeedbackInput['state'] = {
    status: 'closed',
    lastClose: { code: 4000, reason: 'banned by moderator', wasClean: true, at: NOW, initiator: 'server', action: 'never', willRetry: false, retryAt: null },
    attempt: 0,
    nextRetryAt: null,
    online: true,
    error: null,
  };
  const describeWith = (serverReason: FeedbackMessages['serverReason']) =>
    describeFeedback({ state: banned, now: NOW, messages: mergeMessages(englishMessages, { codes, serverReason }) as FeedbackMessages, locale: 'en-US', showReason: true });

  it("a throwing serverReason keeps the code's own action (none) and severity", () => {
    const working = describeWith(({ reason }) => `Server: ${reason}`);
    expect(working).toMatchObject({ severity: 'error', action: null });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = describeWith(() => {
      throw new Error('missing translation');
    });
    expect(consoleError).toHaveBeenCalledTimes(1); // the throw did happen, and development builds say so
    expect({ severity: broken?.severity, action: broken?.action ?? null }).toEqual({ severity: working?.severity, action: working?.action });
  });
});
