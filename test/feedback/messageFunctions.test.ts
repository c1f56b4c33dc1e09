import { describe, expect, it } from 'vitest';
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
