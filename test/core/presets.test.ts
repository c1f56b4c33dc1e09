import { describe, expect, it } from 'vitest';
import { decideReconnect } from '../../src/core/decideReconnect';
import { outcome } from '../helpers/outcome';
import { discordGatewayPolicy, graphqlWsPolicy, discordGatewayMessages, graphqlWsMessages } from '../../src/presets';
import { resolvePolicy } from '../../src/core/resolvePolicy';
import type { ReconnectPolicyOptions } from '../../src/core/types';
import { describeFeedback } from '../../src/feedback/describeFeedback';
import { englishMessages } from '../../src/feedback/englishMessages';
import { mergeMessages } from '../../src/feedback/mergeMessages';
import type { FeedbackMessages } from '../../src/feedback/types';

const decide = (options: ReconnectPolicyOptions, code: number, attempt = 0) =>
  outcome(decideReconnect(
    { code, reason: '', wasClean: true, at: 0, initiator: code === 1006 ? 'network' : 'server' },
    attempt,
    resolvePolicy(options),
    () => 0.5,
  ));

describe('graphqlWsPolicy (graphql-transport-ws)', () => {
  it.each([4400, 4401, 4406, 4409, 4429, 4500, 4005, 4004, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1015, 1000])('never retries %i', (code) => {
    expect(decide(graphqlWsPolicy, code)).toBe('stop');
  });
  it.each([4403, 4408, 4504, 4499, 1001, 1005, 1006, 1012, 1013, 1014])('retries %i', (code) => {
    expect(decide(graphqlWsPolicy, code)).toBe('retry');
  });
  it('gives up after 5 attempts, as the graphql-ws client does', () => {
    expect(decide(graphqlWsPolicy, 1006, 4)).toBe('retry');
    expect(decide(graphqlWsPolicy, 1006, 5)).toBe('give-up');
  });
});

describe('discordGatewayPolicy', () => {
  it.each([4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009])('reconnects on %i', (code) => {
    expect(decide(discordGatewayPolicy, code)).toBe('retry');
  });
  it.each([4004, 4010, 4011, 4012, 4013, 4014])('never reconnects on %i', (code) => {
    expect(decide(discordGatewayPolicy, code)).toBe('stop');
  });
});

describe('preset messages', () => {
  const feedbackFor = (messages: Partial<FeedbackMessages>, code: number, status: 'closed' | 'reconnecting') =>
    describeFeedback({
      state: {
        status,
        lastClose: { code, reason: '', wasClean: true, at: 0, initiator: 'server', action: status === 'reconnecting' ? 'backoff' : 'never', willRetry: status === 'reconnecting', retryAt: status === 'reconnecting' ? 5000 : null },
        attempt: 1,
        nextRetryAt: status === 'reconnecting' ? 5000 : null,
        online: true,
        error: null,
      },
      now: 0,
      messages: mergeMessages(englishMessages, messages) as FeedbackMessages,
    })!;

  it('gives every preset code a title of its own', () => {
    for (const [messages, policy] of [[graphqlWsMessages, graphqlWsPolicy], [discordGatewayMessages, discordGatewayPolicy]] as const) {
      for (const code of Object.keys(messages.codes!).map(Number)) {
        const status = decide(policy, code) === 'retry' ? 'reconnecting' : 'closed';
        const feedback = feedbackFor(messages, code, status);
        expect(feedback.title).toBe(messages.codes![code]!.title);
        expect(feedback.description.length).toBeGreaterThan(5);
      }
    }
  });

  it('uses the code detail when no retry is scheduled, and the countdown when one is', () => {
    expect(feedbackFor(graphqlWsMessages, 4401, 'closed')).toMatchObject({
      title: 'The connection was not ready',
      description: 'This page sent a request before the server accepted the connection. Reload the page.',
      action: { label: 'Reload' },
    });
    expect(feedbackFor(graphqlWsMessages, 4408, 'reconnecting').description).toMatch(/^Reconnecting in 5 seconds/);
  });

  it('merges codes per code across layers', () => {
    const merged = mergeMessages(graphqlWsMessages, { codes: { 4401: { title: 'Session over' } } });
    expect(merged.codes![4401]!.title).toBe('Session over');
    expect(merged.codes![4400]!.title).toBe('The app sent an invalid request');
  });
});
