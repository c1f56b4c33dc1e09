import { useContext, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent } from 'react';
import { CLOSE_CODES, describeCloseCode } from '../core';
import { LifelineContext } from '../react/LifelineContext';
import { TimelineView, type TimelineColors } from '../timeline/TimelineView';
import { watchConnections, type DevtoolsRow } from './watchConnections';

/** Where the floating button sits. */
export type DevtoolsPosition = 'bottom-left' | 'bottom-right' | 'top-left' | 'top-right';

export interface LifelineDevtoolsProps {
  /** Default `'bottom-left'`: toast libraries put their toasts on the right or at the top centre by default. */
  position?: DevtoolsPosition | undefined;
  /** Default `'system'`: the page's `prefers-color-scheme`. */
  theme?: 'system' | 'light' | 'dark' | undefined;
  /** Open at first, before the remembered state (the last open or close, in `localStorage`) is read. Default false. */
  initialIsOpen?: boolean | undefined;
  /** Where the open state is remembered (`localStorage`); null: not remembered. Default `'react-lifeline-devtools'`. */
  storageKey?: string | null | undefined;
  /** Below the app's toasts by default (toast libraries use 9999 and up). Default 9000. */
  zIndex?: number | undefined;
}

const PALETTES = {
  light: { bg: '#ffffff', panel: '#f6f8fa', fg: '#1f2328', muted: '#57606a', line: '#d0d7de', accent: '#0969da', positive: '#1a7f37', warning: '#9a6700', negative: '#cf222e' },
  dark: { bg: '#0d1117', panel: '#161b22', fg: '#e6edf3', muted: '#9da7b3', line: '#30363d', accent: '#58a6ff', positive: '#3fb950', warning: '#d29922', negative: '#f85149' },
} as const;
type Palette = (typeof PALETTES)['light' | 'dark'];

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const PANEL_HEIGHT = 'min(50vh, 460px)';
/** The codes a server may put in a close frame, for "Simulate close". */
const SIMULATED_CODES = Object.values(CLOSE_CODES).filter((info) => info.onWire && info.code !== 1005);

const timelineColors = (palette: Palette): TimelineColors => ({
  muted: palette.muted,
  mono: MONO,
  border: { connecting: palette.line, open: palette.positive, refused: palette.warning, closed: palette.negative, decision: palette.muted, action: palette.accent },
});

function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
      query?.addEventListener('change', changed);
      return () => query?.removeEventListener('change', changed);
    },
    () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
    () => false,
  );
}

const readStored = (key: string | null): boolean | null => {
  try {
    const value = key === null ? null : localStorage.getItem(key);
    return value === null ? null : value === 'open';
  } catch {
    return null; // storage refused (privacy settings): not remembered
  }
};
const store = (key: string | null, open: boolean) => {
  try {
    if (key !== null) localStorage.setItem(key, open ? 'open' : 'closed');
  } catch {
    // not remembered
  }
};

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/**
 * Devtools for every connection below its provider (nested providers included): a small
 * floating button that opens a panel with each connection's URL (redacted), status, attempt,
 * next retry, last close, queue, messages in and out, how many hooks share it, its tab role,
 * and its timeline; with Retry now, Disconnect and Connect, and in development builds a
 * simulated close or drop. Place it once, inside the provider. This is the real panel, also in
 * production builds: `react-lifeline/devtools` gives one that renders nothing there.
 *
 * @example
 * import { LifelineDevtools } from 'react-lifeline/devtools/production';
 * <WebSocketProvider>
 *   <App />
 *   {showDevtools && <LifelineDevtools position="bottom-right" />}
 * </WebSocketProvider>
 */
export function LifelineDevtools({ position = 'bottom-left', theme = 'system', initialIsOpen = false, storageKey = 'react-lifeline-devtools', zIndex = 9000 }: LifelineDevtoolsProps) {
  const config = useContext(LifelineContext);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  // Remembered from the last open or close (read once, at mount).
  const [open, setOpen] = useState(() => readStored(storageKey) ?? initialIsOpen);
  const [now, setNow] = useState(() => Date.now());
  const [rows, setRows] = useState<DevtoolsRow[]>([]);
  const prefersDark = usePrefersDark();
  const palette = PALETTES[theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme];
  const [watch] = useState(() => watchConnections());

  // Hooks mount and unmount without telling anyone: look again often while open (the
  // countdowns), less often while closed; and after every event, once per task (a close and
  // its decision come together).
  useEffect(() => {
    if (!config) return undefined;
    let pending = false;
    let live = true;
    const refresh = () => {
      pending = false;
      if (!live) return;
      setRows(watch.sync(config.hooks, config));
      setNow(Date.now());
    };
    const later = () => {
      if (!pending) queueMicrotask(refresh);
      pending = true;
    };
    const stop = watch.listen(later);
    const timer = setInterval(refresh, open ? 250 : 1000);
    later();
    return () => {
      live = false;
      stop();
      clearInterval(timer);
    };
  }, [config, watch, open]);
  useEffect(() => () => watch.dispose(), [watch]);

  if (!config) {
    if (process.env.NODE_ENV !== 'production') console.warn('react-lifeline: <LifelineDevtools /> needs a <WebSocketProvider> above it; it shows nothing.');
    return null;
  }

  const setOpenAndStore = (next: boolean) => {
    setOpen(next);
    store(storageKey, next);
  };
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setOpenAndStore(false);
    toggle.current?.focus();
  };

  const top = position.startsWith('top');
  const left = position.endsWith('left');
  const panelId = `${id}-panel`;
  const openCount = rows.filter((row) => row.state.status === 'open').length;
  const trouble = rows.some((row) => row.state.status === 'reconnecting' || row.state.status === 'failed');
  const root: CSSProperties = { fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif', fontSize: 13, lineHeight: 1.4, color: palette.fg, colorScheme: palette === PALETTES.dark ? 'dark' : 'light' };
  const buttonStyle: CSSProperties = {
    position: 'fixed',
    zIndex,
    [top ? 'top' : 'bottom']: open ? `calc(${PANEL_HEIGHT} + 8px)` : 12,
    [left ? 'left' : 'right']: 12,
    display: 'inline-flex',
    alignItems: 'center',
    gap: 6,
    padding: '4px 10px',
    font: 'inherit',
    fontWeight: 600,
    color: palette.fg,
    background: palette.panel,
    border: `1px solid ${palette.line}`,
    borderRadius: 999,
    boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
    cursor: 'pointer',
  };

  return (
    <div data-lifeline-devtools="" style={root}>
      <style>{`[data-lifeline-devtools] button:focus-visible,[data-lifeline-devtools] select:focus-visible{outline:2px solid ${palette.accent};outline-offset:2px}[data-lifeline-devtools] button:disabled{opacity:.55;cursor:not-allowed}`}</style>
      <button ref={toggle} type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpenAndStore(!open)} style={{ ...root, ...buttonStyle }} title={open ? 'Close the react-lifeline devtools' : 'Open the react-lifeline devtools'}>
        <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: trouble ? palette.warning : openCount ? palette.positive : palette.muted }} />
        Sockets {openCount}/{rows.length}
        <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}> (react-lifeline devtools)</span>
      </button>
      {open && (
        <section
          id={panelId}
          aria-label="react-lifeline devtools"
          onKeyDown={closeOnEscape}
          style={{
            ...root,
            position: 'fixed',
            zIndex: zIndex - 1,
            left: 0,
            right: 0,
            [top ? 'top' : 'bottom']: 0,
            height: PANEL_HEIGHT,
            overflow: 'auto',
            boxSizing: 'border-box',
            padding: '8px 12px 12px',
            background: palette.bg,
            borderTop: top ? undefined : `1px solid ${palette.line}`,
            borderBottom: top ? `1px solid ${palette.line}` : undefined,
            boxShadow: '0 -2px 10px rgba(0,0,0,0.2)',
          }}
        >
          <header style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8 }}>
            <h2 style={{ margin: 0, fontSize: 14, whiteSpace: 'nowrap' }}>react-lifeline</h2>
            <span style={{ color: palette.muted }}>
              {rows.length} {rows.length === 1 ? 'connection' : 'connections'}, {openCount} open
            </span>
            <button type="button" onClick={() => (setOpenAndStore(false), toggle.current?.focus())} style={{ ...smallButton(palette), marginLeft: 'auto', whiteSpace: 'nowrap' }}>
              Close devtools
            </button>
          </header>
          {rows.length === 0 ? (
            <p style={{ margin: 0, color: palette.muted }}>No connection below this provider yet: components using useWebSocket show up here.</p>
          ) : (
            <div style={{ display: 'grid', gap: 12 }}>
              {rows.map((row) => (
                <ConnectionCard key={row.id} row={row} now={now} palette={palette} startedAt={watch.startedAt} note={(line) => watch.note(row.connection, line)} />
              ))}
            </div>
          )}
        </section>
      )}
    </div>
  );
}

const smallButton = (palette: Palette): CSSProperties => ({
  font: 'inherit',
  fontSize: 12,
  fontWeight: 600,
  minHeight: 26,
  padding: '2px 10px',
  color: palette.fg,
  background: palette.panel,
  border: `1px solid ${palette.line}`,
  borderRadius: 4,
  cursor: 'pointer',
});

const STATUS_TONE = { idle: 'muted', connecting: 'warning', open: 'positive', closing: 'warning', reconnecting: 'warning', closed: 'muted', failed: 'negative' } as const;

function ConnectionCard({ row, now, palette, startedAt, note }: { row: DevtoolsRow; now: number; palette: Palette; startedAt: number; note: (line: Parameters<ReturnType<typeof watchConnections>['note']>[1]) => void }) {
  const id = useId();
  const [code, setCode] = useState('1012');
  const { connection, state, stats } = row;
  const { status, lastClose, nextRetryAt } = state;
  const stopped = status === 'idle' || status === 'closed' || status === 'failed';
  const canSimulate = process.env.NODE_ENV !== 'production' && !!connection.simulateClose && status === 'open';
  const simulate = (closeCode: number) => {
    note({ at: Date.now(), kind: 'action', action: closeCode === 1006 ? { drop: true } : { close: closeCode }, from: 'devtools' });
    connection.simulateClose?.(closeCode);
  };
  const details: Array<[string, string]> = [
    ['Status', status],
    ['Attempt', String(state.attempt)],
    ['Next retry', nextRetryAt === null ? '–' : nextRetryAt > now ? `in ${seconds(nextRetryAt - now)}` : 'now'],
    [
      'Last close',
      lastClose === null ? '–' : `${lastClose.code} ${describeCloseCode(lastClose.code).name} by the ${lastClose.initiator}, ${lastClose.action}${lastClose.willRetry ? ', retrying' : ''}`,
    ],
    ['Queue', stats ? String(stats.queued) : '–'],
    ['Messages in / out', `${row.received} / ${stats ? stats.sent : '–'}`],
    ['Hooks', row.hooks === 1 ? '1' : `${row.hooks} (shared)`],
    ['Tab role', stats?.role ?? 'this tab only'],
  ];
  const tone = palette[STATUS_TONE[status]];
  const controls = useMemo(() => ({ retry: () => connection.retryNow(), disconnect: () => connection.disconnect(), connect: () => connection.connect() }), [connection]);
  return (
    <article aria-labelledby={`${id}-title`} style={{ border: `1px solid ${palette.line}`, borderRadius: 6, padding: 10, background: palette.bg }}>
      <h3 id={`${id}-title`} style={{ margin: '0 0 6px', fontSize: 13, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
        <span style={{ fontFamily: MONO, wordBreak: 'break-all' }}>
          #{row.id} {row.url}
        </span>
        <span style={{ color: tone }}>{status}</span>
      </h3>
      <dl style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: '4px 12px', margin: '0 0 8px' }}>
        {details.map(([label, value]) => (
          <div key={label}>
            <dt style={{ color: palette.muted, fontSize: 12 }}>{label}</dt>
            <dd style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }}>{value}</dd>
          </div>
        ))}
      </dl>
      <div role="group" aria-label={`Actions on #${row.id}`} style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginBottom: 8 }}>
        <button type="button" style={smallButton(palette)} disabled={status !== 'reconnecting'} onClick={controls.retry}>
          Retry now
        </button>
        <button type="button" style={smallButton(palette)} disabled={stopped} onClick={controls.disconnect}>
          Disconnect
        </button>
        <button type="button" style={smallButton(palette)} disabled={!stopped} onClick={controls.connect}>
          Connect
        </button>
        {process.env.NODE_ENV !== 'production' && connection.simulateClose && (
          <>
            <label htmlFor={`${id}-code`} style={{ marginLeft: 8 }}>
              Close code
            </label>
            <select id={`${id}-code`} value={code} onChange={(event) => setCode(event.target.value)} style={{ ...smallButton(palette), fontWeight: 400 }}>
              {SIMULATED_CODES.map((info) => (
                <option key={info.code} value={String(info.code)}>
                  {info.code} · {info.name}
                </option>
              ))}
            </select>
            <button type="button" style={smallButton(palette)} disabled={!canSimulate} onClick={() => simulate(Number(code))} title="As if the server closed the socket with this code (development builds only)">
              Simulate close
            </button>
            <button type="button" style={smallButton(palette)} disabled={!canSimulate} onClick={() => simulate(1006)} title="As if the connection dropped, no close frame (development builds only)">
              Simulate drop (1006)
            </button>
          </>
        )}
      </div>
      <h4 style={{ margin: '0 0 4px', fontSize: 12, color: palette.muted, textTransform: 'uppercase', letterSpacing: '0.04em' }}>Timeline (newest first)</h4>
      <TimelineView timeline={row.timeline} startedAt={startedAt} now={now} label={`Timeline of #${row.id}`} colors={timelineColors(palette)} />
    </article>
  );
}
