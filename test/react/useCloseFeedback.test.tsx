import { act, fireEvent, render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReconnectPolicyOptions } from '../../src/core/types';
import type { CloseFeedback, FeedbackMessages, ToastAdapter } from '../../src/feedback/types';
import { CloseBanner } from '../../src/react/CloseBanner';
import { useCloseFeedback, type UseCloseFeedbackOptions } from '../../src/react/useCloseFeedback';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer, type FakeServer } from '../../src/testing/createFakeServer';

const URL_A = 'ws://127.0.0.1:1/a';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function Feedback({ options }: { options?: UseCloseFeedbackOptions }) {
  const socket = useWebSocket(URL_A);
  const feedback = useCloseFeedback(socket, options);
  return (
    <output data-testid="feedback" data-severity={feedback?.severity ?? 'none'} data-id={feedback?.id ?? ''}>
      {feedback ? `${feedback.title} | ${feedback.description}` : 'none'}
      {feedback?.action && <button onClick={feedback.action.onClick}>{feedback.action.label}</button>}
    </output>
  );
}

function Banner(props: Omit<Parameters<typeof CloseBanner>[0], 'socket'>) {
  return <CloseBanner socket={useWebSocket(URL_A)} {...props} />;
}

function setup(ui: React.ReactNode, provider: { policy?: ReconnectPolicyOptions; messages?: Partial<FeedbackMessages>; toast?: ToastAdapter; locale?: string } = {}) {
  const server = createFakeServer();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const result = render(
    <WebSocketProvider WebSocket={server.WebSocket} {...provider}>
      {ui}
    </WebSocketProvider>,
  );
  return { server, ...result };
}

const text = () => screen.getByTestId('feedback').textContent;
const advance = (ms: number) => act(() => void vi.advanceTimersByTime(ms));
const flush = () => act(async () => {});

describe('useCloseFeedback', () => {
  it('shows nothing while healthy, nor for a drop that recovers within graceMs', () => {
    const { server } = setup(<Feedback />, { policy: { jitter: 'none', initialDelayMs: 1000 } });
    act(() => void server.last().accept());
    expect(text()).toBe('none');
    act(() => void server.last().drop());
    advance(1000);
    act(() => void server.last().accept());
    expect(text()).toBe('none');
    advance(10_000);
    expect(text()).toBe('none');
  });

  it('counts down live after 1012, offers Retry now, then says Reconnected under the same id', () => {
    const { server } = setup(<Feedback />);
    act(() => void server.last().accept().serverClose(1012, 'deploy'));
    expect(text()).toBe('none'); // grace
    advance(1500);
    const first = text()!;
    expect(first).toMatch(/^The server is restarting \| Reconnecting in (\d+) seconds\.Retry now$/);
    const id = screen.getByTestId('feedback').dataset.id;
    const seconds = Number(/in (\d+) seconds/.exec(first)![1]);
    advance(2000);
    expect(text()).toContain(`Reconnecting in ${seconds - 2} seconds.`);
    expect(screen.getByTestId('feedback').dataset.severity).toBe('warning');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(server.sockets).toHaveLength(2);
    expect(text()).toBe('The server is restarting | Reconnecting…');
    act(() => void server.last().accept());
    // Open, but not proved alive yet: "Reconnected" waits until the open holds (1 s).
    expect(text()).toBe('Reconnecting | Connecting to the server…');
    advance(1000);
    expect(text()).toBe('Reconnected | The connection is back.');
    expect(screen.getByTestId('feedback').dataset).toMatchObject({ id, severity: 'success' });
    advance(3000);
    expect(text()).toBe('none');
  });

  it('tells the user about 1008 at once, with no retry, and the Reload its sentence asks for', () => {
    const { server } = setup(<Feedback />);
    act(() => void server.last().accept().serverClose(1008, 'banned'));
    expect(text()).toMatch(/^The server refused the connection \| The connection broke one of the server's rules.*Reload the page/);
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Reload']);
    advance(600_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('offers Reconnect after giving up, which connects again', () => {
    const { server } = setup(<Feedback />, { policy: { maxAttempts: 1, jitter: 'none' } });
    act(() => void server.last().accept().drop());
    advance(1000);
    act(() => void server.last().refuse());
    expect(text()).toMatch(/^Connection lost \| The connection dropped\. Gave up after 1 attempt\./);
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(server.sockets).toHaveLength(3);
  });

  it('offers Sign in again when re-authentication failed, which runs reauthenticate again, then reconnects', async () => {
    const reauthenticate = vi.fn().mockRejectedValueOnce(new Error('token service down')).mockResolvedValue(undefined);
    const { server } = setup(<Feedback />, { policy: { reauthenticate, jitter: 'none', initialDelayMs: 5000 } });
    act(() => void server.last().accept().serverClose(3000, 'expired'));
    advance(1500);
    expect(text()).toBe('Your session has expired | Signing you in again…'); // no button: the app signs in by itself
    advance(3500);
    await flush();
    expect(text()).toMatch(/^Your session has expired \| Sign in again to continue\.Sign in again$/);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await flush();
    expect(reauthenticate).toHaveBeenCalledTimes(2);
    expect(server.sockets).toHaveLength(2);
  });

  it('merges messages: English <- provider <- hook, and formats the countdown for the locale', () => {
    const { server } = setup(<Feedback options={{ messages: { retryingIn: ({ retryIn }) => `Neuer Versuch in ${retryIn}` } }} />, {
      messages: { serverRestarting: 'Der Server startet neu', retryingIn: 'ignored' },
      locale: 'de-DE',
    });
    act(() => void server.last().accept().serverClose(1012));
    advance(1500);
    expect(text()).toMatch(/^Der Server startet neu \| Neuer Versuch in \d+ SekundenRetry now$/);
  });

  it('hides the reason by default and shows it cleaned with showReason', () => {
    const { server } = setup(<Feedback options={{ showReason: true }} />);
    act(() => void server.last().accept().serverClose(1008, 'rule \u202E7'));
    expect(text()).toMatch(/The server said: “rule 7”\.Reload$/);
  });

  it('is quiet while a component is mounted twice by StrictMode', () => {
    const server = createFakeServer();
    render(
      <StrictMode>
        <WebSocketProvider WebSocket={server.WebSocket}>
          <Feedback />
        </WebSocketProvider>
      </StrictMode>,
    );
    act(() => void server.last().accept().serverClose(1012));
    advance(1500);
    expect(text()).toMatch(/Reconnecting in/);
    advance(1000);
    expect(text()).toMatch(/Reconnecting in/);
  });
});

describe('toasts from useCloseFeedback', () => {
  it('upserts one toast per incident by id and dismisses it after "Reconnected"', () => {
    const calls: string[] = [];
    const adapter: ToastAdapter = {
      show: (feedback: CloseFeedback) => calls.push(`show ${feedback.id} ${feedback.severity} ${feedback.description}`),
      dismiss: (id) => calls.push(`dismiss ${id}`),
    };
    const { server } = setup(<Feedback />, { toast: adapter, policy: { codes: { 1012: { delayMs: 3000 } } } });
    act(() => void server.last().accept().serverClose(1012));
    advance(1500);
    advance(500);
    advance(1000);
    act(() => void server.last().accept());
    advance(1000); // the open holds: "Reconnected"
    advance(3000); // shown for restoredMs, then dismissed
    const ids = new Set(calls.map((call) => call.split(' ')[1]));
    expect(ids.size).toBe(1);
    expect(calls.map((call) => call.replace(/ \S+:\d+/, ''))).toEqual([
      'show warning Reconnecting in 2 seconds.',
      'show warning Reconnecting in 1 second.',
      'show warning Reconnecting…',
      'show warning Connecting to the server…',
      'show success The connection is back.',
      'dismiss',
    ]);
  });

  it('sends no toast when toast: false, and to the hook adapter over the provider one', () => {
    const provider = { show: vi.fn(), dismiss: vi.fn() };
    const own = { show: vi.fn(), dismiss: vi.fn() };
    const { server } = setup(
      <>
        <Feedback options={{ toast: false }} />
        <Feedback options={{ toast: own }} />
      </>,
      { toast: provider },
    );
    act(() => {
      for (const socket of server.sockets) socket.accept().serverClose(1008);
    });
    expect(provider.show).not.toHaveBeenCalled();
    expect(own.show).toHaveBeenCalledTimes(1);
  });
});

describe('CloseBanner', () => {
  it('renders its live regions, empty and without a severity, while healthy', () => {
    const { server, container } = setup(<Banner />);
    act(() => void server.last().accept());
    expect(container.textContent).toBe('');
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('alert').textContent).toBe('');
    expect((container.firstChild as HTMLElement).dataset.severity).toBeUndefined();
  });

  it('uses role=alert for an error that needs the user (1008), with data attributes', () => {
    const { server } = setup(<Banner className="banner" />);
    act(() => void server.last().accept().serverClose(1008));
    const region = screen.getByRole('alert');
    const banner = region.closest<HTMLElement>('[data-lifeline-banner]')!;
    expect(banner.className).toBe('banner');
    expect(banner.dataset).toMatchObject({ severity: 'error', status: 'closed', code: '1008' });
    expect(region.textContent).toMatch(/The server refused the connection/);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('uses role=status for warnings, keeps the countdown out of announcements, and never moves focus', () => {
    const { server } = setup(
      <>
        <input aria-label="draft" />
        <Banner />
      </>,
      { policy: { initialDelayMs: 10_000, jitter: 'none' } },
    );
    const input = screen.getByLabelText('draft');
    input.focus();
    act(() => void server.last().accept().drop());
    advance(1500);
    const banner = screen.getByRole('status').closest<HTMLElement>('[data-lifeline-banner]')!;
    expect(banner.dataset.severity).toBe('warning');
    expect(banner.querySelector('[data-part="description"]')!.getAttribute('aria-live')).toBe('off');
    expect(document.activeElement).toBe(input);
  });

  it('renders custom markup through its render prop, inside the live region', () => {
    const { server } = setup(<Banner>{(feedback) => <em>{`${feedback.code}: ${feedback.title}`}</em>}</Banner>);
    act(() => void server.last().accept().serverClose(1000));
    expect(screen.getByRole('status').innerHTML).toBe('<em>1000: Disconnected</em>');
  });

  it.each([
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['pay \u202Egnp.exe now', 'pay gnp.exe now'],
    ['y'.repeat(500), 'y'.repeat(123)],
  ])('renders the server reason %j only with showReason, as inert text', (reason, shown) => {
    const server: FakeServer = createFakeServer();
    const { container, rerender } = render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Banner />
      </WebSocketProvider>,
    );
    // A reason may be up to 123 bytes on the wire; a hostile peer (or proxy) may send more.
    act(() => void server.last().accept().serverClose(1008, reason));
    expect(container.textContent).not.toContain(shown.slice(0, 20));
    rerender(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Banner showReason />
      </WebSocketProvider>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(`The server said: “${shown}”.`);
    expect(container.textContent).not.toContain('\u202E');
    const sentence = container.querySelector('[data-part="description"]')!.textContent!;
    expect(new TextEncoder().encode(sentence.split('The server said: “')[1]!.split('”.')[0]).length).toBeLessThanOrEqual(123);
  });
});

describe('CloseBanner accessibility (axe-core), in every feedback state', () => {
  type Case = {
    provider?: Parameters<typeof setup>[1] & { onSignInRequired?: () => void };
    /** Drives the connection into the state; fake time throughout. */
    reach: (server: FakeServer) => Promise<void> | void;
    role: 'status' | 'alert';
    severity: string;
    says: RegExp;
    button: string | null;
  };
  const never = () => new Promise<void>(() => {});
  const cases: Record<string, Case> = {
    'healthy (empty live regions)': { reach: (server) => void act(() => void server.last().accept()), role: 'status', severity: '', says: /^$/, button: null },
    'a retry waiting (countdown, Retry now)': {
      provider: { policy: { jitter: 'none', initialDelayMs: 5000 } },
      reach: (server) => {
        act(() => void server.last().accept().drop());
        advance(1500);
      },
      role: 'status', severity: 'warning', says: /^Connection lost.*Reconnecting in 4 seconds\./, button: 'Retry now',
    },
    'a retry running': {
      provider: { policy: { jitter: 'none', initialDelayMs: 2000 } },
      reach: (server) => {
        act(() => void server.last().accept().drop());
        advance(2000);
      },
      role: 'status', severity: 'warning', says: /^Connection lost.*Reconnecting…$/, button: null,
    },
    'signing in again': {
      provider: { policy: { reauthenticate: never, jitter: 'none', initialDelayMs: 1000 } },
      reach: (server) => {
        act(() => void server.last().accept().serverClose(3000));
        advance(1500);
      },
      role: 'status', severity: 'warning', says: /^Your session has expired.*Signing you in again…$/, button: null,
    },
    offline: {
      reach: (server) => {
        act(() => void server.last().accept());
        vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
        act(() => {
          window.dispatchEvent(new Event('offline'));
          server.last().drop();
        });
        advance(1500);
      },
      role: 'status', severity: 'warning', says: /^You are offline/, button: null,
    },
    'gave up (Reconnect)': {
      provider: { policy: { maxAttempts: 1, jitter: 'none' } },
      reach: (server) => {
        act(() => void server.last().accept().drop());
        advance(1000);
        act(() => void server.last().refuse());
        advance(1500);
      },
      role: 'alert', severity: 'error', says: /Gave up after 1 attempt\./, button: 'Reconnect',
    },
    'closed for good (Reload)': { reach: (server) => void act(() => void server.last().accept().serverClose(1008)), role: 'alert', severity: 'error', says: /^The server refused the connection/, button: 'Reload' },
    'closed for good (Sign in again)': {
      provider: { onSignInRequired: () => {} },
      reach: (server) => void act(() => void server.last().accept().serverClose(3000)),
      role: 'status', severity: 'warning', says: /Sign in again/, button: 'Sign in again',
    },
    'closed for good (Reconnect)': { reach: (server) => void act(() => void server.last().accept().serverClose(1009)), role: 'alert', severity: 'error', says: /too (big|large)/i, button: 'Reconnect' },
    'closed by the server, normally (info)': { reach: (server) => void act(() => void server.last().accept().serverClose(1000)), role: 'status', severity: 'info', says: /./, button: 'Reconnect' },
    'sign-in failed (Sign in again)': {
      provider: { policy: { reauthenticate: () => Promise.reject(new Error('token service down')), jitter: 'none', initialDelayMs: 1000 } },
      reach: async (server) => {
        act(() => void server.last().accept().serverClose(3000));
        advance(1500);
        await flush();
      },
      role: 'status', severity: 'warning', says: /Sign in again to continue\./, button: 'Sign in again',
    },
    'open again, not yet proven (confirming)': {
      provider: { policy: { jitter: 'none', initialDelayMs: 2000 } },
      reach: (server) => {
        act(() => void server.last().accept().drop());
        advance(2000);
        act(() => void server.last().accept());
      },
      role: 'status', severity: 'warning', says: /^Reconnecting/, button: null,
    },
    'reconnected (success)': {
      provider: { policy: { jitter: 'none', initialDelayMs: 2000 } },
      reach: (server) => {
        act(() => void server.last().accept().drop());
        advance(2000);
        act(() => void server.last().accept());
        advance(1000); // the open holds
      },
      role: 'status', severity: 'success', says: /^Reconnected/, button: null,
    },
  };
  it.each(Object.entries(cases))('has no violations: %s', async (_name, { provider, reach, role, severity, says, button }) => {
    const { server, container } = setup(
      <main>
        <h1>Chat</h1>
        <Banner />
      </main>,
      provider,
    );
    await reach(server);
    const region = screen.getByRole(role);
    expect(region.textContent).toMatch(says);
    const banner = container.querySelector<HTMLElement>('[data-lifeline-banner]')!;
    expect(banner.dataset.severity ?? '').toBe(severity);
    expect(screen.queryByRole('button')?.textContent ?? null).toBe(button);
    vi.useRealTimers();
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
});
