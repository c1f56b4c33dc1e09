import { fireEvent, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { describe, expect, it, vi } from 'vitest';
import { describeEntry } from '../../src/storybook/describeEntry';
import { LifelinePanelView, NO_SNAPSHOT_TEXT } from '../../src/storybook/LifelinePanelView';
import type { LifelineAction, LifelineSnapshot, TimelineEntry } from '../../src/storybook/protocol';

const T0 = 1_700_000_000_000;
const NOW = T0 + 2_000;
const URL_FEED = 'ws://example.test/feed';

const timeline: TimelineEntry[] = [
  { at: T0, kind: 'connecting', socket: 1, url: URL_FEED },
  { at: T0 + 150, kind: 'open', socket: 1 },
  { at: T0 + 1_200, kind: 'action', action: { close: 1008, reason: 'bad token' }, from: 'panel' },
  { at: T0 + 1_210, kind: 'closed', socket: 1, code: 1008, name: 'Policy Violation', initiator: 'server', reason: 'bad token' },
  { at: T0 + 1_220, kind: 'decision', code: 1008, willRetry: false, retryAt: null, reauth: false },
  { at: T0 + 1_500, kind: 'closed', socket: 2, code: 1012, name: 'Service Restart', initiator: 'server', reason: '' },
  { at: T0 + 1_510, kind: 'decision', code: 1012, willRetry: true, retryAt: T0 + 3_250, reauth: false },
];

const SNAPSHOT: LifelineSnapshot = {
  storyId: 'connection--drop',
  mode: 'fake',
  online: true,
  refusing: false,
  restartingUntil: null,
  stalled: false,
  sockets: [
    { id: 1, url: URL_FEED, phase: 'closed', received: 4, sent: 2 },
    { id: 2, url: 'ws://example.test/chat', phase: 'open', received: 17, sent: 9 },
  ],
  timeline,
  startedAt: T0,
};

function setup(snapshot: LifelineSnapshot | null = SNAPSHOT, theme = themes.light) {
  const onAction = vi.fn<(action: LifelineAction) => void>();
  const result = render(
    <ThemeProvider theme={convert(theme)}>
      <LifelinePanelView snapshot={snapshot} onAction={onAction} now={NOW} />
    </ThemeProvider>,
  );
  return { onAction, ...result };
}

const button = (name: string) => screen.getByRole('button', { name });
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const chooseCode = (value: string) => type('Close code', value);

describe('LifelinePanelView: controls', () => {
  it('closes with the chosen registry code and reason', () => {
    const { onAction } = setup();
    expect(screen.getByRole('option', { name: '1008 · Policy Violation' })).toBeTruthy();
    chooseCode('1008');
    type('Reason', 'bad token');
    fireEvent.click(button('Close'));
    expect(onAction.mock.calls).toStrictEqual([[{ close: 1008, reason: 'bad token' }]]);
  });

  it('starts the close-code picker at 1008, the close the addon story tells you to press', () => {
    setup();
    expect((screen.getByLabelText('Close code') as HTMLSelectElement).value).toBe('1008');
  });

  it('says a retry still to come waits for the network while the page is offline', () => {
    const decision = { at: 1000, kind: 'decision', code: 1006, willRetry: true, retryAt: 1900, reauth: false } as const;
    expect(describeEntry(decision, 1000)).toBe('1006: retry in 0.9 s');
    expect(describeEntry(decision, 1000, true)).toBe('1006: retry once the network is back');
    // A retry already past says what was set, offline or not.
    expect(describeEntry(decision, 5000, true)).toBe('1006: retry set for 0.9 s later');
  });

  it('closes without a reason key when the reason is empty, and offers only codes that travel in a close frame', () => {
    const { onAction } = setup();
    const codes = within(screen.getByLabelText('Close code'))
      .getAllByRole('option')
      .map((option) => (option as HTMLOptionElement).value);
    expect(codes).toContain('1000');
    expect(codes).toContain('1012');
    expect(codes).toContain('3000');
    expect(codes).not.toContain('1006');
    expect(codes.at(-1)).toBe('custom');
    chooseCode('1012');
    fireEvent.click(button('Close'));
    expect(onAction.mock.calls).toStrictEqual([[{ close: 1012 }]]);
  });

  it('closes with a custom code', () => {
    const { onAction } = setup();
    expect(screen.queryByLabelText('Custom code')).toBeNull();
    chooseCode('custom');
    type('Custom code', '4321');
    type('Reason', 'moved');
    fireEvent.click(button('Close'));
    expect(onAction.mock.calls).toStrictEqual([[{ close: 4321, reason: 'moved' }]]);
  });

  it.each(['999', '5000', '4000.5', ''])('refuses custom code %j: Close disabled, an error shown, nothing sent', (code) => {
    const { onAction } = setup();
    chooseCode('custom');
    type('Custom code', code);
    const close = button('Close') as HTMLButtonElement;
    expect(close.disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/enter a whole number from 1000 to 4999/);
    expect(screen.getByLabelText('Custom code').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(close);
    // Enter in a field submits the form even with the button disabled in some browsers: still nothing.
    fireEvent.submit(close.form!);
    expect(onAction).not.toHaveBeenCalled();
  });

  it('refuses 1006 as a custom code and points to Drop connection', () => {
    const { onAction } = setup();
    chooseCode('custom');
    type('Custom code', '1006');
    expect((button('Close') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('1006 (Abnormal Closure) never travels in a close frame: use “Drop connection (1006)”.');
    fireEvent.submit((button('Close') as HTMLButtonElement).form!);
    expect(onAction).not.toHaveBeenCalled();
  });

  it('counts the reason in UTF-8 bytes: 123 is sent, 124 is refused with an error', () => {
    const { onAction } = setup();
    const longest = `${'é'.repeat(61)}a`; // 62 characters, 123 bytes
    type('Reason', longest);
    expect(screen.getByText('123/123 bytes')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(button('Close'));
    expect(onAction.mock.calls).toStrictEqual([[{ close: 1008, reason: longest }]]);

    onAction.mockClear();
    type('Reason', 'é'.repeat(62)); // 62 characters, 124 bytes
    expect(screen.getByText('124/123 bytes')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Too long: a close reason may be at most 123 UTF-8 bytes.');
    expect(screen.getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    const close = button('Close') as HTMLButtonElement;
    expect(close.disabled).toBe(true);
    fireEvent.click(close);
    fireEvent.submit(close.form!);
    expect(onAction).not.toHaveBeenCalled();
  });

  it('drops the connection', () => {
    const { onAction } = setup();
    fireEvent.click(button('Drop connection (1006)'));
    expect(onAction.mock.calls).toStrictEqual([[{ drop: true }]]);
  });

  it('restarts the server: 3 s by default, then the seconds typed, in ms', () => {
    const { onAction } = setup();
    expect((screen.getByLabelText('accept again after') as HTMLInputElement).value).toBe('3');
    fireEvent.click(button('Restart server (1012)'));
    type('accept again after', '2');
    fireEvent.click(button('Restart server (1012)'));
    type('accept again after', '0.25');
    fireEvent.click(button('Restart server (1012)'));
    expect(onAction.mock.calls).toStrictEqual([[{ restart: 3000 }], [{ restart: 2000 }], [{ restart: 250 }]]);
  });

  it.each(['-1', '601', ''])('refuses restart seconds %j', (seconds) => {
    const { onAction } = setup();
    type('accept again after', seconds);
    const restart = button('Restart server (1012)') as HTMLButtonElement;
    expect(restart.disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/from 0 to 600/);
    fireEvent.click(restart);
    fireEvent.submit(restart.form!);
    expect(onAction).not.toHaveBeenCalled();
  });

  it('a restart says how long the server stays down, and leaves the Refuse handshakes toggle as the user set it', () => {
    setup({ ...SNAPSHOT, restartingUntil: NOW + 4200 });
    expect(screen.getByText('restarting: handshakes refused for 5 s more')).toBeTruthy();
    expect(button('Refuse handshakes').getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByText('refusing handshakes')).toBeNull();
  });

  it('Refuse handshakes is a toggle that reflects snapshot.refusing', () => {
    const accepting = setup();
    expect(button('Refuse handshakes').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button('Refuse handshakes'));
    expect(accepting.onAction.mock.calls).toStrictEqual([[{ refuse: true }]]);
    accepting.unmount();

    const refusing = setup({ ...SNAPSHOT, refusing: true });
    expect(button('Refuse handshakes').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('refusing handshakes')).toBeTruthy();
    fireEvent.click(button('Refuse handshakes'));
    expect(refusing.onAction.mock.calls).toStrictEqual([[{ refuse: false }]]);
  });

  it('Go offline / Go online follows snapshot.online', () => {
    const online = setup();
    expect(screen.queryByRole('button', { name: 'Go online' })).toBeNull();
    fireEvent.click(button('Go offline'));
    expect(online.onAction.mock.calls).toStrictEqual([[{ offline: true }]]);
    online.unmount();

    const offline = setup({ ...SNAPSHOT, online: false });
    expect(screen.queryByRole('button', { name: 'Go offline' })).toBeNull();
    fireEvent.click(button('Go online'));
    expect(offline.onAction.mock.calls).toStrictEqual([[{ online: true }]]);
  });

  it('stalls', () => {
    const { onAction } = setup();
    fireEvent.click(button('Stall (no pongs)'));
    expect(onAction.mock.calls).toStrictEqual([[{ stall: true }]]);
  });

  it('sends a server message', () => {
    const { onAction } = setup();
    type('Message', '{"type":"hello"}');
    fireEvent.click(button('Send server message'));
    expect(onAction.mock.calls).toStrictEqual([[{ message: '{"type":"hello"}' }]]);
  });
});

describe('LifelinePanelView: what it shows', () => {
  it('explains itself when the story has no sockets', () => {
    setup(null);
    expect(screen.getByText(NO_SNAPSHOT_TEXT)).toBeTruthy();
    expect(NO_SNAPSHOT_TEXT).toMatch(/^No react-lifeline sockets in this story yet\./);
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('lists the sockets with their messages received and sent', () => {
    setup();
    const table = screen.getByRole('table', { name: 'Sockets' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => within(row).queryAllByRole('cell').map((cell) => cell.textContent));
    expect(rows.filter((cells) => cells.length > 0)).toEqual([
      ['1', URL_FEED, 'closed', '4', '2'],
      ['2', 'ws://example.test/chat', 'open', '17', '9'],
    ]);
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['#', 'URL', 'Phase', 'Received', 'Sent']);
    expect(screen.getByText('1 of 2 sockets open')).toBeTruthy();
  });

  it('says so when no socket opened yet', () => {
    setup({ ...SNAPSHOT, sockets: [], timeline: [] });
    expect(within(screen.getByRole('table', { name: 'Sockets' })).getByText('No socket yet.')).toBeTruthy();
    expect(within(screen.getByRole('log', { name: 'Socket timeline' })).getByText('Nothing happened yet.')).toBeTruthy();
  });

  it('shows the timeline newest first, each line with its time since the first entry and describeEntry’s words', () => {
    setup();
    const log = screen.getByRole('log', { name: 'Socket timeline' });
    const lines = within(log)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines).toEqual(
      timeline
        .map((entry) => `+${((entry.at - T0) / 1000).toFixed(1)} s${describeEntry(entry, NOW)}`)
        .reverse(),
    );
    // The words themselves, spelled out once, so a change in describeEntry is seen here too.
    expect(lines).toContain('+1.2 s#1 closed 1008 Policy Violation by the server: “bad token”');
    expect(lines).toContain('+1.2 sPanel: close 1008 “bad token”');
    expect(lines).toContain('+1.5 s1012: retry in 1.3 s');
    expect(lines.at(-1)).toBe(`+0.0 s#1 connecting to ${URL_FEED}`);
  });

  it('dates a scheduled retry with now', () => {
    const onAction = vi.fn();
    const { rerender } = setup();
    expect(screen.getByText('1012: retry in 1.3 s')).toBeTruthy();
    rerender(
      <ThemeProvider theme={convert(themes.light)}>
        <LifelinePanelView snapshot={SNAPSHOT} onAction={onAction} now={NOW + 1_000} />
      </ThemeProvider>,
    );
    expect(screen.getByText('1012: retry in 0.3 s')).toBeTruthy();
  });

  it('shows the mode, the network and a stall', () => {
    setup({ ...SNAPSHOT, mode: 'real', online: false, stalled: true });
    expect(screen.getByText(/^Real server/)).toBeTruthy();
    expect(screen.getByText('offline')).toBeTruthy();
    expect(screen.getByText('stalled: no pongs, no replies')).toBeTruthy();
  });

  it.each([
    ['light', themes.light],
    ['dark', themes.dark],
  ])('has no axe violations (%s theme)', async (_name, theme) => {
    const { container } = setup(SNAPSHOT, theme);
    chooseCode('custom');
    type('Custom code', '999');
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
});
