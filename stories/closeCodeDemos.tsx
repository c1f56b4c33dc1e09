import { Fragment, useEffect, useState, type ReactNode } from 'react';
import {
  CloseBanner,
  WebSocketProvider,
  describeCloseCode,
  useWebSocket,
  type ReconnectPolicyOptions,
  type WebSocketConstructor,
  type WebSocketHandle,
} from '../src';
import { closeCodeSummary } from '../src/core';
import { heartbeat } from '../src/plugins/heartbeat';
import { createFakeServer } from '../src/testing';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

/** What every close-code story lets a viewer try: the reason the server sends, and whether the banner shows it. */
export interface ReasonProps {
  reason: string;
  showReason: boolean;
}

/** A close frame carries at most 123 bytes of reason (RFC 6455 5.5): longer input is cut, on a character boundary. */
export function wireReason(reason: string): string {
  const encoder = new TextEncoder();
  let kept = '';
  for (const character of reason) {
    if (encoder.encode(kept + character).length > 123) break;
    kept += character;
  }
  return kept;
}

/**
 * Codes the demo server can put on the wire: a close frame may carry 1000-1003, 1007-1014 and
 * 3000-4999; 1005 (no code) and 1006 (TCP drop) it simulates with a bare close and a cut connection.
 */
export function serverCanSend(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1014 && code !== 1004) || (code >= 3000 && code <= 4999));
}

/** A path on the demo server that closes with `code`: every connection (`/close`), or only the first (`/once`), so a retry succeeds. */
export function closePath(code: number, { reason, after = 400, once }: { reason: string; after?: number | undefined; once: boolean }): string {
  const query = new URLSearchParams({ code: String(code), reason: wireReason(reason), after: String(after) });
  return `${once ? '/once' : '/close'}?${query}`;
}

/** Remounts its content (a new socket, a fresh demo-server id) when the viewer asks to see the scenario again. */
export function Replayable({ children }: { children: (runAgain: () => void) => ReactNode }) {
  const [run, setRun] = useState(0);
  return <Fragment key={run}>{children(() => setRun((n) => n + 1))}</Fragment>;
}

export function RunAgain({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick}>
      Run again
    </button>
  );
}

/** For a story whose state comes later than a glance: what it shows, and when, in seconds from the start. */
export function WhatComesWhen({ steps }: { steps: ReadonlyArray<readonly [atMs: number, what: string]> }) {
  return (
    <section className="callout when" aria-label="What comes when">
      <strong>What comes when</strong>
      <ol>
        {steps.map(([at, what]) => (
          <li key={what}>
            at about {Math.round(at / 100) / 10} s: {what}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The parts every close-code demo shows under its text: the banner, the handle's state, and what happened. */
function Observed({
  socket,
  entries,
  showReason,
  graceMs,
  simulated = false,
}: {
  socket: WebSocketHandle<unknown>;
  entries: string[];
  showReason: boolean;
  graceMs?: number | undefined;
  simulated?: boolean;
}) {
  return (
    <>
      <CloseBanner socket={socket} showReason={showReason} {...(graceMs !== undefined && { graceMs })} />
      <ConnectionFacts socket={socket} simulated={simulated} />
      <Timeline entries={entries} />
    </>
  );
}

function Heading({ code, children }: { code: number; children?: ReactNode }) {
  const info = describeCloseCode(code);
  return (
    <h2>
      {code} · {info.name}
      {children}
    </h2>
  );
}

function Summary({ code }: { code: number }) {
  const info = describeCloseCode(code);
  return (
    <p className="note">
      {closeCodeSummary(code)} Default action: <strong>{info.retry}</strong>, severity <strong>{info.severity}</strong>.
    </p>
  );
}

export interface CloseCodeDemoProps extends ReasonProps {
  code: number;
  /** The demo server's path; default: close the first connection with `code` (every one, for a code the policy never retries). */
  path?: string | undefined;
  policy?: ReconnectPolicyOptions | undefined;
  graceMs?: number | undefined;
  /** Notes inside the demo's block, under the code's summary. */
  children?: ReactNode;
}

/** One close code from the demo server: what the policy does with it, and what the user is told. */
export function CloseCodeDemo({ code, path, reason, showReason, policy, graceMs, children }: CloseCodeDemoProps) {
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <Heading code={code} />
          <Summary code={code} />
          {children}
          <FromServer code={code} path={path} reason={reason} showReason={showReason} policy={policy} graceMs={graceMs} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

function FromServer({ code, path, reason, showReason, policy, graceMs, runAgain }: Omit<CloseCodeDemoProps, 'children'> & { runAgain: () => void }) {
  // Retried codes close only the first connection, so the reconnect can succeed.
  const [url] = useState(() => demoUrl(path ?? closePath(code, { reason, once: describeCloseCode(code).retry !== 'never' })));
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, { ...callbacks, policy });
  return (
    <>
      <div className="row">
        <RunAgain onClick={runAgain} />
      </div>
      <Observed socket={socket} entries={entries} showReason={showReason} graceMs={graceMs} />
    </>
  );
}

/** 1004 and 1015 never travel in a close frame: a fake socket reports them locally. */
export function LocalOnlyDemo({ code, reason, showReason }: ReasonProps & { code: number }) {
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <Heading code={code} />
          <Summary code={code} />
          <p className="callout">
            <strong>Simulated.</strong> {code} never appears in a close frame:{' '}
            {code === 1015 ? 'browsers report a TLS failure as 1006' : 'it is reserved'}. This story feeds it to the library through{' '}
            <code>createFakeServer</code> to show what the policy does if a runtime reports it.
          </p>
          <FromFake code={code} reason={reason} showReason={showReason} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

function FromFake({ code, reason, showReason, runAgain }: ReasonProps & { code: number; runAgain: () => void }) {
  const [server] = useState(createFakeServer);
  useEffect(() => {
    const timer = setTimeout(() => {
      const socket = server.last();
      if (socket.readyState === 0) socket.accept();
      setTimeout(() => socket.serverClose(code, wireReason(reason)), 400);
    }, 100);
    return () => clearTimeout(timer);
  }, [server, code, reason]);
  return (
    <WebSocketProvider WebSocket={server.WebSocket as unknown as WebSocketConstructor}>
      <Faked runAgain={runAgain} showReason={showReason} />
    </WebSocketProvider>
  );
}

function Faked({ runAgain, showReason }: { runAgain: () => void; showReason: boolean }) {
  const [url] = useState(() => demoUrl('/fake'));
  const { entries, callbacks } = useTimeline({ simulated: true });
  const socket = useWebSocket(url, callbacks);
  return (
    <>
      <div className="row">
        <RunAgain onClick={runAgain} />
      </div>
      <Observed socket={socket} entries={entries} showReason={showReason} simulated />
    </>
  );
}

/** Any code, reason and delay on the demo server's `/close` (or `/once`) path. */
export function CustomCloseDemo({ code, reason, showReason, after, once, graceMs }: ReasonProps & { code: number; after: number; once: boolean; graceMs: number }) {
  if (!serverCanSend(code)) {
    return (
      <section className="demo">
        <h2>{Number.isFinite(code) ? code : '(no code)'}: the demo server cannot send this</h2>
        <p className="callout">
          A close frame carries an integer code in 1000–1003, 1007–1014 or 3000–4999; the demo server simulates 1005 (a close frame
          without a code) and 1006 (a cut TCP connection). For 1004 and 1015, which a runtime reports locally, see their simulated
          stories. Pick another <code>code</code> in Controls.
        </p>
      </section>
    );
  }
  const path = closePath(code, { reason, after, once });
  return (
    <CloseCodeDemo code={code} path={path} reason={reason} showReason={showReason} graceMs={graceMs}>
      <p className="note">
        The demo server answers <code>{path}</code>: it accepts, waits {after} ms, then closes {once ? 'the first connection only' : 'every connection'}
        {code === 1005 ? ' without a code' : code === 1006 ? ' by cutting the TCP connection' : ` with ${code}`}. Change{' '}
        <code>code</code>, <code>reason</code>, <code>after</code> and the rest in Controls: each change starts a new connection.
        {wireReason(reason) !== reason && ' The reason is cut to the 123 bytes a close frame can carry.'}
      </p>
    </CloseCodeDemo>
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 3000 with `reauthenticate` in the provider's policy: the app signs in by itself, then reconnects. */
export function ReauthenticateDemo({ reason, showReason, signInMs }: ReasonProps & { signInMs: number }) {
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <Heading code={3000}> · the policy re-authenticates</Heading>
          <p className="note">
            The server closes the first connection with 3000. The provider's policy has a <code>reauthenticate</code> (here a pretend
            token refresh that takes {signInMs / 1000} s), so the library runs it and reconnects: the banner says “Signing you in
            again…” with no button, since there is nothing for the user to do. It shows after the 1.5 s grace, so a quick refresh
            shows nothing at all.
          </p>
          <Reauthenticating reason={reason} showReason={showReason} signInMs={signInMs} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

function Reauthenticating({ reason, showReason, signInMs, runAgain }: ReasonProps & { signInMs: number; runAgain: () => void }) {
  const { entries, add, callbacks } = useTimeline();
  const [policy] = useState<ReconnectPolicyOptions>(() => ({
    reauthenticate: async () => {
      add('reauthenticate() started');
      await sleep(signInMs);
      add('reauthenticate() done: a fresh token');
    },
  }));
  return (
    <WebSocketProvider policy={policy}>
      <div className="row">
        <RunAgain onClick={runAgain} />
      </div>
      <SessionSocket path={closePath(3000, { reason, once: true })} entries={entries} callbacks={callbacks} showReason={showReason} />
    </WebSocketProvider>
  );
}

function SessionSocket({
  path,
  entries,
  callbacks,
  showReason,
  children,
}: {
  path: string;
  entries: string[];
  callbacks: ReturnType<typeof useTimeline>['callbacks'];
  showReason: boolean;
  children?: (socket: WebSocketHandle<unknown>) => ReactNode;
}) {
  const [url] = useState(() => demoUrl(path));
  const socket = useWebSocket(url, callbacks);
  return (
    <>
      <CloseBanner socket={socket} showReason={showReason} />
      {children?.(socket)}
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </>
  );
}

/** 3000 without `reauthenticate`: the connection stops, and "Sign in again" calls the provider's `onSignInRequired`. */
export function SignInAgainDemo({ reason, showReason }: ReasonProps) {
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <Heading code={3000}> · the user signs in again</Heading>
          <p className="note">
            The server closes the first connection with 3000. The policy has no <code>reauthenticate</code>, so nothing here can sign
            in: the connection stops (status <code>closed</code>) and the banner offers “Sign in again”, which calls the provider's{' '}
            <code>onSignInRequired</code>. Here that opens a pretend sign-in page; finishing it calls <code>connect()</code>.
          </p>
          <SignInFlow reason={reason} showReason={showReason} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

function SignInFlow({ reason, showReason, runAgain }: ReasonProps & { runAgain: () => void }) {
  const { entries, add, callbacks } = useTimeline();
  const [calls, setCalls] = useState(0);
  const [signingIn, setSigningIn] = useState(false);
  const onSignInRequired = () => {
    setCalls((n) => n + 1);
    setSigningIn(true);
    add('onSignInRequired() called');
  };
  return (
    <WebSocketProvider onSignInRequired={onSignInRequired}>
      <div className="row">
        <RunAgain onClick={runAgain} />
        <span>
          <code>onSignInRequired()</code> calls: <strong data-testid="sign-in-calls">{calls}</strong>
        </span>
      </div>
      <SessionSocket path={closePath(3000, { reason, once: true })} entries={entries} callbacks={callbacks} showReason={showReason}>
        {(socket) =>
          signingIn && (
            <div className="sign-in" role="group" aria-label="Sign-in page (simulated)">
              <p>Your app's sign-in page would open here. Once the user is signed in, the app reconnects.</p>
              <button
                type="button"
                onClick={() => {
                  setSigningIn(false);
                  add('signed in: connect()');
                  socket.connect();
                }}
              >
                Finish signing in
              </button>
            </div>
          )
        }
      </SessionSocket>
    </WebSocketProvider>
  );
}

/** 3008 from the client itself: a heartbeat against a server that accepts and then never answers. */
export function HeartbeatDemo({ intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number }) {
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <Heading code={3008}> · from the heartbeat</Heading>
          <Summary code={3008} />
          <p className="note">
            The demo server's <code>/stall</code> accepts and then answers nothing, like a half-open link that the browser would only
            notice at TCP timeout. The hook's <code>heartbeat</code> sends <code>&quot;ping&quot;</code> every {intervalMs} ms; a ping
            unanswered for {timeoutMs} ms closes the socket with 3008, by the client. The policy backs off (a first wait of 4 s here,
            past the banner's 1.5 s grace) and reconnects, finds the server stalled again, and with <code>maxAttempts: 1</code> gives
            up. The timings are short for the demo; real apps ping every 15–30 s.
          </p>
          <WhatComesWhen
            steps={[
              [intervalMs + timeoutMs, 'the first ping goes unanswered: the client closes with 3008, the banner counts down to the retry'],
              [intervalMs + timeoutMs + 4000, 'the retry opens a new socket, which stalls too'],
              [2 * (intervalMs + timeoutMs) + 4000, 'its ping goes unanswered: the policy gives up, the alert offers Reconnect'],
            ]}
          />
          <Heartbeating intervalMs={intervalMs} timeoutMs={timeoutMs} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

function Heartbeating({ intervalMs, timeoutMs, runAgain }: { intervalMs: number; timeoutMs: number; runAgain: () => void }) {
  const [url] = useState(() => demoUrl('/stall'));
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, { ...callbacks, plugins: [heartbeat({ message: 'ping', intervalMs, timeoutMs })], policy: { initialDelayMs: 4000, jitter: 'none', maxAttempts: 1 } });
  return (
    <>
      <div className="row">
        <RunAgain onClick={runAgain} />
      </div>
      <Observed socket={socket} entries={entries} showReason={false} />
    </>
  );
}
