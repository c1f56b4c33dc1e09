/**
 * A Discord gateway as its documentation describes sessions: HELLO (op 10) on connect;
 * IDENTIFY (op 2) starts a session (READY, `s` 1, with its `session_id`); RESUME (op 6 with
 * token, session_id, seq) replays the dispatches after `seq` then sends RESUMED, or answers
 * INVALID SESSION (op 9, `d: false`) when the session is unknown or `seq` is no longer kept.
 * Dispatches are op 0 with a sequence number `s` per session. Transport-free: `answer` gives
 * the frames for what a client sent.
 */
export function fakeDiscordGateway({ buffer = 50 } = {}) {
  let sessions = 0;
  let session: { id: string; s: number; kept: Array<{ s: number; text: string }> } | null = null;
  const dispatch = (t: string, d: unknown) => {
    const current = session!;
    current.s += 1;
    const text = JSON.stringify({ op: 0, s: current.s, t, d });
    current.kept.push({ s: current.s, text });
    if (current.kept.length > buffer) current.kept.shift();
    return text;
  };
  return {
    get session() {
      return session;
    },
    hello: () => JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }),
    /** A new event of the running session (null when none runs). */
    event: (d: unknown) => (session ? dispatch('MESSAGE_CREATE', d) : null),
    /** The server forgets every session (a deploy): the next RESUME is invalid. */
    forget: () => void (session = null),
    answer(text: string): string[] {
      const payload = JSON.parse(text) as { op: number; d: { token?: string; session_id?: string; seq?: number } };
      if (payload.op === 2) {
        sessions += 1;
        session = { id: `session-${sessions}`, s: 0, kept: [] };
        return [dispatch('READY', { session_id: session.id, resume_gateway_url: 'ws://127.0.0.1/' })];
      }
      if (payload.op === 6) {
        const { session_id: id, seq } = payload.d;
        const oldest = session?.kept[0]?.s ?? Infinity;
        if (!session || session.id !== id || seq === undefined || seq + 1 < oldest) return [JSON.stringify({ op: 9, s: null, t: null, d: false })];
        return [...session.kept.filter((entry) => entry.s > seq).map((entry) => entry.text), dispatch('RESUMED', null)];
      }
      return [];
    },
  };
}
