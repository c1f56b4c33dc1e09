// A resumable stream of numbered messages, as a server keeps one: every message is
// {"seq":n,"epoch":"e1","data":...}; the last `buffer` of them are kept for replays. A
// client's first message asks where to start: {"type":"resume","after":41,"epoch":"e1"}
// (`after: null` for a fresh start). The answer: the messages after 41 then
// {"type":"resumed"}; {"type":"refused","epoch":...} when 41 is no longer in the buffer
// (or the epoch is another); {"type":"started","epoch":...} for a fresh start. Used by the
// demo server's /stream and by the tests.

/** @param {{ buffer?: number, epoch?: string }} [options] */
export function createResumableStream({ buffer = 100, epoch = 'e1' } = {}) {
  let seq = 0;
  let kept = [];
  let current = epoch;
  return {
    get seq() {
      return seq;
    },
    get epoch() {
      return current;
    },
    /** The next message, as sent: kept for replays, the oldest dropped beyond `buffer`. */
    next(data = null) {
      seq += 1;
      const text = JSON.stringify({ seq, epoch: current, data });
      kept.push({ seq, text });
      if (kept.length > buffer) kept.shift();
      return text;
    },
    /** The server lost its stream (a restart without storage): another epoch, from 1, nothing kept. */
    renew(next) {
      current = next;
      seq = 0;
      kept = [];
    },
    /**
     * The frames that answer a client's resume request, or null when it is none (anything
     * else: not JSON, another type, a bad position).
     */
    answer(request) {
      let ask;
      try {
        ask = JSON.parse(String(request));
      } catch {
        return null;
      }
      if (typeof ask !== 'object' || ask === null || ask.type !== 'resume') return null;
      const { after } = ask;
      if (after === null || after === undefined) return [JSON.stringify({ type: 'started', epoch: current })];
      if (!Number.isInteger(after) || after < 0) return null;
      const oldest = kept.length ? kept[0].seq : seq + 1;
      if (ask.epoch !== current || after > seq || after + 1 < oldest) return [JSON.stringify({ type: 'refused', epoch: current })];
      return [...kept.filter((entry) => entry.seq > after).map((entry) => entry.text), JSON.stringify({ type: 'resumed' })];
    },
  };
}
