/** @jsxRuntime classic */
/** @jsx React.createElement */
/** @jsxFrag React.Fragment */
// Classic JSX on purpose: Storybook's manager runs its own React (18) as a global and bundles
// manager entries with `React.createElement`; an import of react/jsx-runtime would pull in the
// project's (19) and make elements the manager's React does not accept.
import * as React from 'react';
import { useId, useState, type FormEvent } from 'react';
import { styled, useTheme, type StorybookTheme } from 'storybook/theming';
import { CLOSE_CODES, utf8ByteLength } from '../core';
import { TimelineView, type TimelineColors } from '../timeline/TimelineView';
import type { LifelineAction, LifelineSnapshot, SocketPhase, TimelineEntry } from './protocol';

export interface LifelinePanelViewProps {
  /** The current story's latest snapshot, or null while the story has sent none. */
  snapshot: LifelineSnapshot | null;
  /** Called with exactly the action a control stands for; never with an invalid close. */
  onAction: (action: LifelineAction) => void;
  /** Epoch ms, ticking: dates the scheduled retries in the timeline. */
  now: number;
}

/** The codes a server may put in a close frame, from the registry: "1008 · Policy Violation". */
const CLOSE_CHOICES = Object.values(CLOSE_CODES)
  .filter((info) => info.onWire)
  .sort((a, b) => a.code - b.code);
const DEFAULT_CLOSE = 1008;
const CUSTOM = 'custom';
const MAX_REASON_BYTES = 123;
// As the preview's checkAction takes it: at most 600,000 ms down.
const MAX_RESTART_SECONDS = 600;

export const NO_SNAPSHOT_TEXT =
  'No react-lifeline sockets in this story yet. Stories that render a component using useWebSocket show up here; see the README recipe.';

/** Why a typed close code cannot be sent, or null. */
function codeProblem(text: string): string | null {
  const code = Number(text);
  if (text.trim() === '' || !Number.isInteger(code) || code < 1000 || code > 4999) {
    return `${text.trim() === '' ? 'No code' : `${text} is not a close code`}: enter a whole number from 1000 to 4999.`;
  }
  const info = CLOSE_CODES[code];
  if (info && !info.onWire) {
    return `${code} (${info.name}) never travels in a close frame${code === 1006 ? ': use “Drop connection (1006)”' : ''}.`;
  }
  return null;
}

export function LifelinePanelView({ snapshot, onAction, now }: LifelinePanelViewProps) {
  if (snapshot === null) {
    return (
      <Root>
        <Muted>{NO_SNAPSHOT_TEXT}</Muted>
      </Root>
    );
  }
  const open = snapshot.sockets.filter((socket) => socket.phase === 'open').length;
  return (
    <Root>
      <Status>
        <span>{snapshot.mode === 'fake' ? 'Fake server' : 'Real server (closes and drops simulated in the page)'}</span>
        <Dot aria-hidden>·</Dot>
        <span>{snapshot.online ? 'online' : 'offline'}</span>
        {snapshot.restartingUntil !== null && snapshot.restartingUntil > now && (
          <>
            <Dot aria-hidden>·</Dot>
            <Warn>restarting: handshakes refused for {Math.ceil((snapshot.restartingUntil - now) / 1000)} s more</Warn>
          </>
        )}
        {snapshot.refusing && (
          <>
            <Dot aria-hidden>·</Dot>
            <Warn>refusing handshakes</Warn>
          </>
        )}
        {snapshot.stalled && (
          <>
            <Dot aria-hidden>·</Dot>
            <Warn>stalled: no pongs, no replies</Warn>
          </>
        )}
        <Dot aria-hidden>·</Dot>
        <span>
          {open} of {snapshot.sockets.length} {snapshot.sockets.length === 1 ? 'socket' : 'sockets'} open
        </span>
      </Status>
      <Controls snapshot={snapshot} onAction={onAction} />
      <Sockets snapshot={snapshot} />
      <Timeline timeline={snapshot.timeline} startedAt={snapshot.startedAt} now={now} online={snapshot.online} />
    </Root>
  );
}

function Controls({ snapshot, onAction }: { snapshot: LifelineSnapshot; onAction: (action: LifelineAction) => void }) {
  const id = useId();
  // 1008 first: the close a story most often needs shown (a refused connection), and what the docs tell you to press.
  const [choice, setChoice] = useState(String(DEFAULT_CLOSE));
  const [customCode, setCustomCode] = useState('4000');
  const [reason, setReason] = useState('');
  const [restartSeconds, setRestartSeconds] = useState('3');
  const [message, setMessage] = useState('');

  const codeText = choice === CUSTOM ? customCode : choice;
  const codeError = codeProblem(codeText);
  const reasonBytes = utf8ByteLength(reason);
  const reasonError = reasonBytes > MAX_REASON_BYTES ? `Too long: a close reason may be at most ${MAX_REASON_BYTES} UTF-8 bytes.` : null;
  const seconds = Number(restartSeconds);
  const secondsError =
    restartSeconds.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_RESTART_SECONDS
      ? `Enter the seconds until the server accepts again, from 0 to ${MAX_RESTART_SECONDS}.`
      : null;

  const close = (event: FormEvent) => {
    event.preventDefault();
    if (codeError !== null || reasonError !== null) return;
    onAction(reason === '' ? { close: Number(codeText) } : { close: Number(codeText), reason });
  };
  const restart = (event: FormEvent) => {
    event.preventDefault();
    if (secondsError === null) onAction({ restart: Math.round(seconds * 1000) });
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    onAction({ message });
  };

  const codeErrorId = `${id}-code-error`;
  const reasonHintId = `${id}-reason-hint`;
  const reasonErrorId = `${id}-reason-error`;
  const secondsErrorId = `${id}-seconds-error`;
  return (
    <Section aria-labelledby={`${id}-controls`}>
      <Heading id={`${id}-controls`}>Server and network</Heading>
      <form onSubmit={close} noValidate>
        <Row>
          <Field>
            <label htmlFor={`${id}-code`}>Close code</label>
            <Select id={`${id}-code`} value={choice} onChange={(event) => setChoice(event.target.value)}>
              {CLOSE_CHOICES.map((info) => (
                <option key={info.code} value={String(info.code)}>
                  {info.code} · {info.name}
                </option>
              ))}
              <option value={CUSTOM}>Custom code…</option>
            </Select>
          </Field>
          {choice === CUSTOM && (
            <Field>
              <label htmlFor={`${id}-custom`}>Custom code</label>
              <Input
                id={`${id}-custom`}
                type="number"
                inputMode="numeric"
                min={1000}
                max={4999}
                step={1}
                value={customCode}
                onChange={(event) => setCustomCode(event.target.value)}
                aria-invalid={codeError !== null}
                aria-describedby={codeError === null ? undefined : codeErrorId}
                style={{ width: 76 }}
              />
            </Field>
          )}
          <Field grow>
            <label htmlFor={`${id}-reason`}>Reason</label>
            <Input
              id={`${id}-reason`}
              type="text"
              value={reason}
              placeholder="optional, sent to the app"
              onChange={(event) => setReason(event.target.value)}
              aria-invalid={reasonError !== null}
              aria-describedby={reasonError === null ? reasonHintId : `${reasonHintId} ${reasonErrorId}`}
            />
            <Count id={reasonHintId} bad={reasonError !== null}>
              {reasonBytes}/{MAX_REASON_BYTES} bytes
            </Count>
          </Field>
          <Button type="submit" disabled={codeError !== null || reasonError !== null} title="The server closes every open socket with this code and reason">
            Close
          </Button>
        </Row>
        {codeError !== null && (
          <ErrorText id={codeErrorId} role="alert">
            {codeError}
          </ErrorText>
        )}
        {reasonError !== null && (
          <ErrorText id={reasonErrorId} role="alert">
            {reasonError}
          </ErrorText>
        )}
      </form>
      <form onSubmit={restart} noValidate>
        <Row>
          <Button type="button" onClick={() => onAction({ drop: true })} title="The connection dies without a close frame: the app sees 1006">
            Drop connection (1006)
          </Button>
          <Button type="submit" disabled={secondsError !== null} title="Close every socket with 1012, refuse handshakes for a while, then accept again">
            Restart server (1012)
          </Button>
          <Field>
            <label htmlFor={`${id}-seconds`}>accept again after</label>
            <Input
              id={`${id}-seconds`}
              type="number"
              inputMode="decimal"
              min={0}
              max={MAX_RESTART_SECONDS}
              step="any"
              value={restartSeconds}
              onChange={(event) => setRestartSeconds(event.target.value)}
              aria-invalid={secondsError !== null}
              aria-describedby={secondsError === null ? undefined : secondsErrorId}
              style={{ width: 56 }}
            />
            <span>s</span>
          </Field>
          <Button type="button" aria-pressed={snapshot.refusing} onClick={() => onAction({ refuse: !snapshot.refusing })} title="Refuse every handshake while pressed: the app sees 1006">
            Refuse handshakes
          </Button>
          <Button type="button" onClick={() => onAction(snapshot.online ? { offline: true } : { online: true })} title="The browser's network: navigator.onLine and the offline/online events">
            {snapshot.online ? 'Go offline' : 'Go online'}
          </Button>
          <Button type="button" onClick={() => onAction({ stall: true })} title="Open sockets stay open but the server answers nothing (a half-open link)">
            Stall (no pongs)
          </Button>
        </Row>
        {secondsError !== null && (
          <ErrorText id={secondsErrorId} role="alert">
            {secondsError}
          </ErrorText>
        )}
      </form>
      <form onSubmit={send} noValidate>
        <Row>
          <Field grow>
            <label htmlFor={`${id}-message`}>Message</label>
            <Input id={`${id}-message`} type="text" value={message} placeholder="text the server sends to every open socket" onChange={(event) => setMessage(event.target.value)} />
          </Field>
          <Button type="submit">Send server message</Button>
        </Row>
      </form>
    </Section>
  );
}

const PHASE_COLOR: Record<SocketPhase, 'positive' | 'warning' | 'muted'> = { connecting: 'warning', open: 'positive', closing: 'warning', closed: 'muted' };

function Sockets({ snapshot }: { snapshot: LifelineSnapshot }) {
  return (
    <Table>
      <caption>Sockets</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">URL</th>
          <th scope="col">Phase</th>
          <Num as="th" scope="col" title="Messages the server sent to it">
            Received
          </Num>
          <Num as="th" scope="col" title="Messages it sent to the server">
            Sent
          </Num>
        </tr>
      </thead>
      <tbody>
        {snapshot.sockets.length === 0 ? (
          <tr>
            <td colSpan={5}>
              <Muted as="span">No socket yet.</Muted>
            </td>
          </tr>
        ) : (
          snapshot.sockets.map((socket) => (
            <tr key={socket.id}>
              <td>{socket.id}</td>
              <Url>{socket.url}</Url>
              <td>
                <Phase tone={PHASE_COLOR[socket.phase]}>{socket.phase}</Phase>
              </td>
              <Num>{socket.received}</Num>
              <Num>{socket.sent}</Num>
            </tr>
          ))
        )}
      </tbody>
    </Table>
  );
}

function Timeline({ timeline, startedAt, now, online = true }: { timeline: readonly TimelineEntry[]; startedAt: number; now: number; online?: boolean }) {
  const theme = useTheme();
  const colors: TimelineColors = {
    muted: theme.fgColor.muted,
    mono: theme.typography.fonts.mono,
    border: Object.fromEntries(Object.entries(KIND_BORDER).map(([kind, color]) => [kind, color(theme)])) as TimelineColors['border'],
  };
  // The bottom panel is short: newest first, so the line the last click caused is the one to see.
  return (
    <Section>
      <Heading>Timeline (newest first)</Heading>
      <TimelineView timeline={timeline} startedAt={startedAt} now={now} label="Socket timeline" colors={colors} online={online} />
    </Section>
  );
}

const KIND_BORDER: Record<TimelineEntry['kind'], (theme: StorybookTheme) => string> = {
  connecting: (theme) => theme.borderColor.default,
  open: (theme) => theme.borderColor.positive,
  refused: (theme) => theme.borderColor.warning,
  closed: (theme) => theme.borderColor.negative,
  decision: (theme) => theme.borderColor.muted,
  action: (theme) => theme.color.secondary,
};

const Root = styled.div(({ theme }) => ({
  display: 'grid',
  gap: 12,
  padding: '10px 15px',
  fontFamily: theme.typography.fonts.base,
  fontSize: theme.typography.size.s2,
  lineHeight: 1.4,
  color: theme.color.defaultText,
}));

const Section = styled.section({ display: 'grid', gap: 6 });

const Heading = styled.h2(({ theme }) => ({
  margin: 0,
  fontSize: theme.typography.size.s1,
  fontWeight: theme.typography.weight.bold,
  color: theme.fgColor.muted,
  textTransform: 'uppercase',
  letterSpacing: '0.04em',
}));

const Muted = styled.p(({ theme }) => ({ margin: 0, color: theme.fgColor.muted }));

const Status = styled.p({ margin: 0, display: 'flex', flexWrap: 'wrap', gap: 6 });
const Dot = styled.span(({ theme }) => ({ color: theme.fgColor.muted }));
const Warn = styled.span(({ theme }) => ({ color: theme.fgColor.warning, fontWeight: theme.typography.weight.bold }));

const Row = styled.div({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 });

const Field = styled('span', { shouldForwardProp: (prop) => prop !== 'grow' })<{ grow?: boolean }>(({ grow }) => ({
  display: 'inline-flex',
  alignItems: 'center',
  gap: 6,
  flex: grow ? '1 1 300px' : '0 0 auto',
  // A growing field wraps to its own line rather than squeezing its input to nothing.
  minWidth: grow ? 300 : 0,
}));

const control = (theme: StorybookTheme) => ({
  font: 'inherit',
  fontSize: theme.typography.size.s1,
  minHeight: 28,
  boxSizing: 'border-box' as const,
  padding: '3px 8px',
  color: theme.input.color,
  background: theme.input.background,
  border: `1px solid ${theme.input.border}`,
  borderRadius: theme.input.borderRadius,
  '&:focus-visible': { outline: `2px solid ${theme.color.secondary}`, outlineOffset: 1 },
  '&[aria-invalid="true"]': { borderColor: theme.fgColor.negative, boxShadow: `inset 0 0 0 1px ${theme.fgColor.negative}` },
});

const Input = styled.input(({ theme }) => ({ ...control(theme), flex: '1 1 auto', minWidth: 0 }));
const Select = styled.select(({ theme }) => control(theme));

const Count = styled('span', { shouldForwardProp: (prop) => prop !== 'bad' })<{ bad: boolean }>(({ theme, bad }) => ({
  flex: '0 0 auto',
  fontSize: theme.typography.size.s1,
  fontVariantNumeric: 'tabular-nums',
  color: bad ? theme.fgColor.negative : theme.fgColor.muted,
  fontWeight: bad ? theme.typography.weight.bold : theme.typography.weight.regular,
}));

const Button = styled.button(({ theme }) => ({
  font: 'inherit',
  fontSize: theme.typography.size.s1,
  fontWeight: theme.typography.weight.bold,
  minHeight: 28,
  padding: '3px 10px',
  color: theme.color.defaultText,
  background: theme.button.background,
  border: `1px solid ${theme.button.border}`,
  borderRadius: theme.input.borderRadius,
  cursor: 'pointer',
  whiteSpace: 'nowrap',
  '&:hover:not(:disabled)': { borderColor: theme.color.secondary },
  '&:focus-visible': { outline: `2px solid ${theme.color.secondary}`, outlineOffset: 1 },
  '&:disabled': { opacity: 0.5, cursor: 'not-allowed' },
  '&[aria-pressed="true"]': {
    background: theme.background.hoverable,
    borderColor: theme.color.secondary,
    boxShadow: `inset 0 0 0 1px ${theme.color.secondary}`,
  },
}));

const ErrorText = styled.p(({ theme }) => ({ margin: '4px 0 0', color: theme.fgColor.negative, fontSize: theme.typography.size.s1 }));

const Table = styled.table(({ theme }) => ({
  width: '100%',
  borderCollapse: 'collapse',
  fontSize: theme.typography.size.s1,
  caption: {
    textAlign: 'left',
    paddingBottom: 4,
    fontWeight: theme.typography.weight.bold,
    color: theme.fgColor.muted,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
  },
  'th, td': { textAlign: 'left', padding: '3px 8px', borderBottom: `1px solid ${theme.appBorderColor}` },
  th: { fontWeight: theme.typography.weight.bold, color: theme.fgColor.muted },
}));

// `&&`: above the table's own `th, td` alignment.
const Num = styled.td({ '&&': { textAlign: 'right' }, fontVariantNumeric: 'tabular-nums' });
const Url = styled.td(({ theme }) => ({ fontFamily: theme.typography.fonts.mono, wordBreak: 'break-all' }));

const Phase = styled('span', { shouldForwardProp: (prop) => prop !== 'tone' })<{ tone: 'positive' | 'warning' | 'muted' }>(({ theme, tone }) => ({
  color: theme.fgColor[tone],
  fontWeight: theme.typography.weight.bold,
}));
