import { act, fireEvent, render, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { Toaster as HotToaster, toast as hotToast } from 'react-hot-toast';
import { ToastContainer, toast as toastify } from 'react-toastify';
import { Toaster as SonnerToaster, toast as sonnerToast } from 'sonner';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReactHotToastAdapter } from '../../src/adapters/reactHotToast';
import { createReactToastifyAdapter } from '../../src/adapters/reactToastify';
import { createSonnerAdapter } from '../../src/adapters/sonner';
import type { CloseFeedback, ToastAdapter } from '../../src/feedback/types';
import { useCloseFeedback } from '../../src/react/useCloseFeedback';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';

beforeAll(() => {
  // jsdom lacks these; the toast libraries probe them for themes and layout.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
});

function Watcher() {
  useCloseFeedback(useWebSocket('ws://127.0.0.1:1/feed'), { graceMs: 0, restoredMs: 60_000 });
  return null;
}

const LIBRARIES: Array<[name: string, adapter: ToastAdapter, toaster: ReactNode, toasts: (root: HTMLElement) => Element[]]> = [
  ['sonner', createSonnerAdapter(), <SonnerToaster key="s" />, (root) => [...root.querySelectorAll('[data-sonner-toast]:not([data-removed="true"])')]],
  ['react-hot-toast', createReactHotToastAdapter(), <HotToaster key="h" />, (root) => [...root.querySelectorAll('[data-lifeline-toast]')]],
  ['react-toastify', createReactToastifyAdapter(), <ToastContainer key="t" />, (root) => [...root.querySelectorAll('.Toastify__toast')]],
];

describe.each(LIBRARIES)('%s in jsdom', (_name, adapter, toaster, toasts) => {
  it('shows one toast per incident, updated in place, never two', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const { baseElement } = render(
      <WebSocketProvider WebSocket={server.WebSocket} toast={adapter} policy={{ initialDelayMs: 60_000, jitter: 'none' }}>
        <Watcher />
        {toaster}
      </WebSocketProvider>,
    );
    const only = async (text: RegExp) => {
      await waitFor(() => {
        const current = toasts(baseElement);
        expect(current).toHaveLength(1);
        expect(current[0]!.textContent).toMatch(text);
      });
    };

    act(() => void server.last().accept().drop());
    await only(/Connection lost.*Reconnecting in \d+ second/);
    const first = toasts(baseElement)[0];

    // Retry now: the attempt starts and the same toast says "Reconnecting…".
    const retry = [...baseElement.querySelectorAll('button')].find((button) => button.textContent === 'Retry now');
    expect(retry).toBeDefined();
    act(() => retry!.click());
    await only(/Reconnecting…/);

    act(() => void server.last().accept());
    await only(/Reconnecting/); // open, not holding yet
    await waitFor(() => expect(toasts(baseElement)[0]!.textContent).toMatch(/Reconnected.*The connection is back/), { timeout: 3000 }); // after the open holds (1 s)
    expect(toasts(baseElement)[0]).toBe(first);
  });
});

// The adapters on their own, fed CloseFeedback as useCloseFeedback sends it, each against the
// real library rendered in jsdom.

interface Library {
  name: string;
  create: (restoredMs?: number) => ToastAdapter;
  toaster: () => ReactNode;
  /** The toasts on screen, dismissed ones (still animating out) excluded. */
  live: (root: HTMLElement) => HTMLElement[];
  /** The markup of the toast's icon, '' when it has none. */
  icon: (toast: HTMLElement) => string;
  /** Empties the library's module-level store between tests. */
  reset: () => void;
  /** Does what the browser does when `ms` have passed on a toast that closes by itself. */
  elapse?: (toast: HTMLElement, ms: number) => void;
  /** The library renders the action button itself (sonner's `action`), with no `type` attribute. */
  ownsActionButton?: boolean;
  /** A toaster whose toasts a person can close, and how they do it. */
  closable?: { toaster: () => ReactNode; close: (toast: HTMLElement) => void };
}

const ADAPTERS: Library[] = [
  {
    name: 'sonner',
    create: (restoredMs) => createSonnerAdapter({ restoredMs }),
    toaster: () => <SonnerToaster />,
    live: (root) => [...root.querySelectorAll<HTMLElement>('[data-sonner-toast]:not([data-removed="true"])')],
    icon: (toast) => toast.querySelector('[data-icon]')?.innerHTML ?? '',
    reset: () => sonnerToast.dismiss(),
    ownsActionButton: true,
    closable: { toaster: () => <SonnerToaster closeButton />, close: (toast) => fireEvent.click(toast.querySelector('[data-close-button]')!) },
  },
  {
    name: 'react-hot-toast',
    create: (restoredMs) => createReactHotToastAdapter({ restoredMs }),
    toaster: () => <HotToaster />,
    // Each toast sits in a wrapper that loses its class once the toast is dismissed.
    live: (root) => [...root.querySelectorAll<HTMLElement>('[data-rht-toaster] > div')].filter((toast) => toast.className !== ''),
    icon: (toast) =>
      [...(toast.firstElementChild?.children ?? [])]
        .filter((part) => part.getAttribute('role') !== 'status')
        .map((part) => part.outerHTML)
        .join(''),
    reset: () => hotToast.remove(),
  },
  {
    name: 'react-toastify',
    create: (restoredMs) => createReactToastifyAdapter({ restoredMs }),
    toaster: () => <ToastContainer />,
    live: (root) => [...root.querySelectorAll<HTMLElement>('.Toastify__toast[data-in="true"]')],
    icon: (toast) => toast.querySelector('.Toastify__toast-icon')?.innerHTML ?? '',
    reset: () => toastify.dismiss(),
    closable: { toaster: () => <ToastContainer />, close: (toast) => fireEvent.click(toast.querySelector('button[aria-label="close"]')!) },
    // react-toastify closes a toast when its progress bar's CSS animation ends; jsdom runs no animations.
    elapse: (toast, ms) => {
      const bar = toast.querySelector<HTMLElement>('.Toastify__progress-bar--animated');
      expect(bar?.style.animationDuration).toBe(`${ms}ms`);
      // React listens for the prefixed name where the window has no AnimationEvent, as jsdom's hasn't.
      fireEvent(bar!, new Event('AnimationEvent' in window ? 'animationend' : 'webkitAnimationEnd', { bubbles: true }));
    },
  },
];

let incidents = 0;
const nextId = () => `incident-${++incidents}`;

function lost(id: string, seconds: number | null, onClick: () => void = () => {}): CloseFeedback {
  return {
    id,
    code: 1006,
    severity: 'warning',
    title: 'Connection lost',
    description: seconds === null ? 'Reconnecting…' : `Reconnecting in ${seconds} sec.`,
    retryInMs: seconds === null ? null : seconds * 1000,
    action: seconds === null ? null : { label: 'Retry now', onClick },
  };
}

function expired(id: string, onClick: () => void = () => {}): CloseFeedback {
  return {
    id,
    code: 4401,
    severity: 'error',
    title: 'Your session has expired',
    description: 'Sign in again to reconnect.',
    retryInMs: null,
    action: { label: 'Sign in again', onClick },
  };
}

function restored(id: string, title = 'Reconnected'): CloseFeedback {
  return { id, code: null, severity: 'success', title, description: 'The connection is back.', retryInMs: null, action: null };
}

/** What a user can press in the toast: accessible names of its buttons. */
const buttons = (toast: Element) => [...toast.querySelectorAll('button')].map((button) => button.getAttribute('aria-label') ?? button.textContent);
const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe.each(ADAPTERS)('$name adapter', (library) => {
  afterEach(() => {
    act(() => library.reset());
  });

  function mount(restoredMs?: number) {
    const adapter = library.create(restoredMs);
    const { baseElement } = render(
      <>
        <main>
          <h1>Chat</h1>
        </main>
        {library.toaster()}
      </>,
    );
    const show = (feedback: CloseFeedback) => act(() => adapter.show(feedback));
    const only = async (title: string) => {
      let toast!: HTMLElement;
      await waitFor(() => {
        const live = library.live(baseElement);
        expect(live.map((element) => element.textContent)).toEqual([expect.stringContaining(title)]);
        toast = live[0]!;
      });
      return toast;
    };
    return { adapter, baseElement, show, only };
  }

  it('applies later updates after a dismiss and a show in one go (StrictMode), not taking it for a close by hand', async () => {
    const { show, only, adapter, baseElement } = mount();
    const id = nextId();
    show(lost(id, 5));
    await only('Connection lost');
    act(() => {
      adapter.dismiss(id);
      adapter.show(lost(id, 5));
    });
    await pause(600);
    for (const seconds of [4, 3]) {
      show(lost(id, seconds));
      await waitFor(() => expect(library.live(baseElement).map((toast) => toast.textContent)).toEqual([expect.stringContaining(`Reconnecting in ${seconds} sec.`)]));
    }
  });

  it('replaces the whole toast on update: the new content, action and icon, nothing left from before', async () => {
    const { show, only, adapter } = mount();
    // What the library shows for a fresh "Reconnected" toast: the reference to compare with.
    const reference = nextId();
    show(restored(reference, 'Reference'));
    const fresh = await only('Reference');
    const freshIcon = library.icon(fresh);
    const freshButtons = buttons(fresh);
    expect(freshIcon).not.toBe('');
    act(() => adapter.dismiss(reference));
    await waitFor(() => expect(library.live(fresh.ownerDocument.body)).toEqual([]));

    const id = nextId();
    show(lost(id, 5));
    const toast = await only('Connection lost');
    expect(buttons(toast)).toContain('Retry now');
    show(expired(id));
    await waitFor(() => expect(buttons(toast)).toContain('Sign in again'));
    expect(buttons(toast)).not.toContain('Retry now');
    show(restored(id));
    await waitFor(() => expect(toast.textContent).toContain('Reconnected'));
    expect(await only('Reconnected')).toBe(toast);
    expect(toast.textContent).toBe('ReconnectedThe connection is back.');
    expect(buttons(toast)).toEqual(freshButtons);
    expect(library.icon(toast)).toBe(freshIcon);
  });

  it('renders the action as a styled button that calls the action and leaves the toast open', async () => {
    const { show, only } = mount();
    const onClick = vi.fn();
    show(lost(nextId(), 5, onClick));
    const toast = await only('Connection lost');
    const button = [...toast.querySelectorAll('button')].find((element) => element.textContent === 'Retry now')!;
    if (library.ownsActionButton) expect(button.hasAttribute('data-action')).toBe(true);
    else expect(button.type).toBe('button');
    // Styled by the library's stylesheet or inline, never the browser's bare button.
    const style = getComputedStyle(button);
    expect(style.cursor).toBe('pointer');
    expect(style.borderRadius).not.toBe('');
    act(() => button.click());
    expect(onClick).toHaveBeenCalledTimes(1);
    await pause(300);
    expect(await only('Connection lost')).toBe(toast);
  });

  it('keeps the ticking countdown out of the live region, and announces the rest', async () => {
    const { show, only } = mount();
    const id = nextId();
    const liveness = (element: Element | null | undefined) => element?.closest('[aria-live]')?.getAttribute('aria-live');
    const holding = (toast: HTMLElement, text: string) =>
      [...toast.querySelectorAll('*')].find((element) => element.textContent === text && element.children.length === 0);

    show(lost(id, 5));
    const toast = await only('Connection lost');
    for (const seconds of [4, 3]) {
      show(lost(id, seconds));
      await waitFor(() => expect(holding(toast, `Reconnecting in ${seconds} sec.`)).toBeDefined());
      expect(liveness(holding(toast, `Reconnecting in ${seconds} sec.`))).toBe('off');
      expect(liveness(holding(toast, 'Connection lost'))).not.toBe('off');
    }
    // No countdown: the sentence changes once, so it is announced.
    show(lost(id, null));
    await waitFor(() => expect(holding(toast, 'Reconnecting…')).toBeDefined());
    expect(liveness(holding(toast, 'Reconnecting…'))).not.toBe('off');
    show(restored(id));
    await waitFor(() => expect(holding(toast, 'The connection is back.')).toBeDefined());
    expect(liveness(holding(toast, 'The connection is back.'))).not.toBe('off');
    expect(await only('Reconnected')).toBe(toast);
  });

  it('keeps an incident until it ends, closes "Reconnected" after restoredMs, and dismisses by id', async () => {
    const { show, only, adapter, baseElement } = mount(300);
    const id = nextId();
    show(lost(id, 5));
    const toast = await only('Connection lost');
    await pause(800);
    expect(await only('Connection lost')).toBe(toast);
    show(restored(id));
    expect(await only('Reconnected')).toBe(toast);
    act(() => library.elapse?.(toast, 300));
    // Well before the libraries' own durations for a success toast (2 s and 4 s).
    await waitFor(() => expect(library.live(baseElement)).toEqual([]), { timeout: 1500 });

    const other = nextId();
    show(expired(other));
    await only('Your session has expired');
    act(() => adapter.dismiss(other));
    await waitFor(() => expect(library.live(baseElement)).toEqual([]));
  });

  it('dismisses a toast that was updated just before', async () => {
    const { show, only, adapter, baseElement } = mount();
    const id = nextId();
    show(lost(id, 5));
    await only('Connection lost');
    show(lost(id, 4));
    act(() => adapter.dismiss(id));
    // The library's exit animation runs on its own timers: wait for it, however busy the machine.
    await waitFor(() => expect(library.live(baseElement)).toEqual([]));
  });

  it('shows a toast that is dismissed and shown again in one go, as StrictMode does with effects', async () => {
    function Shows({ adapter, feedback }: { adapter: ToastAdapter; feedback: CloseFeedback }) {
      useEffect(() => {
        adapter.show(feedback);
        return () => adapter.dismiss(feedback.id);
      }, [adapter, feedback]);
      return null;
    }
    const adapter = library.create();
    const feedback = lost(nextId(), 5);
    // The toaster is up first, as in an app; the component with the feedback mounts later.
    const { baseElement, rerender } = render(<StrictMode>{library.toaster()}</StrictMode>);
    await pause(50);
    rerender(
      <StrictMode>
        {library.toaster()}
        <Shows adapter={adapter} feedback={feedback} />
      </StrictMode>,
    );
    await pause(1500);
    expect(library.live(baseElement).map((toast) => toast.textContent)).toEqual([expect.stringContaining('Connection lost')]);
  });

  it.each([
    ['warning', (id: string) => lost(id, 5)],
    ['error', (id: string) => expired(id)],
    ['success', (id: string) => restored(id)],
  ] as const)('has no axe-core violations for a %s toast', async (_severity, feedback) => {
    const { show, only, baseElement } = mount(60_000);
    const shown = feedback(nextId());
    show(shown);
    await only(shown.title);
    const results = await axe.run(baseElement, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.html).join(' | ')})`)).toEqual([]);
  });
});

// sonner (with its close button) and react-toastify let a person close a toast; react-hot-toast
// has no close control of its own.
describe.each(ADAPTERS.filter((library) => library.closable).map((library) => ({ ...library, closable: library.closable! })))('$name adapter, closed by hand', (library) => {
  const { closable } = library;
  afterEach(() => {
    act(() => library.reset());
  });

  it('keeps a toast closed by hand closed while its countdown ticks, and shows it again with news', async () => {
    const adapter = library.create();
    const { baseElement } = render(<>{closable.toaster()}</>);
    const said = () => library.live(baseElement).map((toast) => toast.textContent);
    const id = nextId();
    act(() => adapter.show(lost(id, 9)));
    await waitFor(() => expect(said()).toEqual([expect.stringContaining('Reconnecting in 9 sec.')]));
    act(() => closable.close(library.live(baseElement)[0]!));
    await waitFor(() => expect(said()).toEqual([]));
    for (const seconds of [8, 7, null]) act(() => adapter.show(lost(id, seconds))); // the same incident, the same words but the count
    await pause(300);
    expect(said()).toEqual([]);
    act(() => adapter.show(expired(id))); // it says something new: back
    await waitFor(() => expect(said()).toEqual([expect.stringContaining('Your session has expired')]));
    // Closed by hand again, then the next incident (a new id) shows as usual.
    act(() => closable.close(library.live(baseElement)[0]!));
    await waitFor(() => expect(said()).toEqual([]));
    act(() => adapter.dismiss(id));
    act(() => adapter.show(lost(nextId(), 5)));
    await waitFor(() => expect(said()).toEqual([expect.stringContaining('Reconnecting in 5 sec.')]));
  });

});
