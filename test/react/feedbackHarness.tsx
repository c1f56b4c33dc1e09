// What the close-feedback race and truth tests share: a fake clock, a component that shows
// what useCloseFeedback says as a person reads it (title | sentence, and its one button), and
// a provider wired to a fake server.
import { act, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, vi } from 'vitest';
import {
  useCloseFeedback,
  useWebSocket,
  WebSocketProvider,
  type UseCloseFeedbackOptions,
  type WebSocketHandle,
  type WebSocketProviderProps,
} from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';

export const URL_A = 'ws://127.0.0.1:1/a';

/** Fake timers and a fixed start (1,000,000 ms) for every test of the file; development warnings muted. */
export function withFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

export const advance = (ms: number) => act(() => void vi.advanceTimersByTime(ms));
export const said = () => screen.getByTestId('feedback').textContent ?? '';
export const buttons = () => screen.queryAllByRole('button').map((button) => button.textContent);

/**
 * `Feedback` (its hook's handle goes to `onSocket`) and `setup(provider, ui)`, which renders
 * `ui` (default `<Feedback />`) under a provider with a fresh fake server and returns the server.
 */
export function feedbackHarness(onSocket: (socket: WebSocketHandle<unknown>) => void = () => {}) {
  function Feedback({ options = { graceMs: 0 }, share = false }: { options?: UseCloseFeedbackOptions; share?: boolean }) {
    const socket = useWebSocket(URL_A, { share });
    onSocket(socket);
    const feedback = useCloseFeedback(socket, options);
    return (
      <output>
        <span data-testid="feedback">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</span>
        {feedback?.action && <button onClick={feedback.action.onClick}>{feedback.action.label}</button>}
      </output>
    );
  }
  function setup(provider: Partial<WebSocketProviderProps> = {}, ui: ReactNode = <Feedback />) {
    const server = createFakeServer();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} {...provider}>
        {ui}
      </WebSocketProvider>,
    );
    return server;
  }
  return { Feedback, setup };
}
