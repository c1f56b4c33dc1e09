import { act, render, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Toaster as HotToaster } from 'react-hot-toast';
import { ToastContainer } from 'react-toastify';
import { Toaster as SonnerToaster } from 'sonner';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createReactHotToastAdapter } from '../../src/adapters/reactHotToast';
import { createReactToastifyAdapter } from '../../src/adapters/reactToastify';
import { createSonnerAdapter } from '../../src/adapters/sonner';
import type { ToastAdapter } from '../../src/feedback/types';
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
    await only(/Connection lost.*Reconnecting in \d+ sec/);
    const first = toasts(baseElement)[0];

    // Retry now: the attempt starts and the same toast says "Reconnecting…".
    const retry = [...baseElement.querySelectorAll('button')].find((button) => button.textContent === 'Retry now');
    expect(retry).toBeDefined();
    act(() => retry!.click());
    await only(/Reconnecting…/);

    act(() => void server.last().accept());
    await only(/Reconnected.*The connection is back/);
    expect(toasts(baseElement)[0]).toBe(first);
  });
});
