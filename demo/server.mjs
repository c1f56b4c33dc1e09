// The demo server for Storybook and the browser tests: one `ws` server on loopback whose
// URL path picks a behaviour. Not part of the package. `node demo/server.mjs [port]`.
//
//   /echo                          echo every message
//   /close?code=1008&reason=x&after=300   close with that code (1005: no code; 1006: TCP drop)
//   /drop?after=300                drop the TCP connection (the client sees 1006)
//   /restart?down=3&after=300      close with 1012, then refuse every handshake (503) for N s; only
//                                  for the sockets and handshakes of its own `id` (one story's server)
//   /overload?after=300            close with 1013
//   /reject?status=401             refuse the handshake with that HTTP status
//   /stall                         accept, then never answer anything (a half-open link)
//   /idle?after=3000               a proxy's idle timeout (nginx proxy_read_timeout, an ALB's idle timeout):
//                                  drop the TCP connection (1006) once nothing has arrived for `after` ms;
//                                  answers "ping" with "pong", echoes the rest
//   /flood?rate=100&count=1000     send `rate` messages a second (up to `count`)
//   /once?code=1012&after=300      close only the first connection on this URL with the code
//   /ticker?every=1000             send the time every `every` ms
//   /slow?accept=2000              complete the handshake only after `accept` ms (stays CONNECTING)
//   /handshake?ack=1500            graphql-ws style: connection_init first (payload.token "ok", else
//                                  4403), connection_ack after `ack` ms; anything before it: 4401
//   /stream?every=500&buffer=50&id=x   a resumable stream per id (demo/resumableStream.mjs): a numbered
//                                  message every `every` ms, the last `buffer` kept; the client's first
//                                  message asks where to resume ({"type":"resume","after":n|null,"epoch":e}),
//                                  anything else is closed with 1008
//   /tabs?id=x                     a group per id: says {"welcome":n} to the group's n-th connection,
//                                  and sends every message to all the group's open sockets
//   /tabs/count?id=x               {"live":n}, the open /tabs?id=x sockets: as a WebSocket, at once
//                                  and on every change; as an HTTP GET, once (CORS open)
//
// Everything but /stall, /handshake, /idle, /stream, /tabs and /tabs/count also echoes (/handshake after its ack; /idle all but pings). Query values are bounded; only 127.0.0.1 is served.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { createResumableStream } from './resumableStream.mjs';

const clamp = (value, min, max, fallback) => {
  const number = Number(value);
  return Number.isFinite(number) ? Math.min(max, Math.max(min, number)) : fallback;
};

// Codes a close frame may carry (RFC 6455 7.4): what `ws` accepts, plus 1005/1006, which the server fakes (no code, a TCP drop).
const sendable = (code) => Number.isInteger(code) && ((code >= 1000 && code <= 1014 && code !== 1004) || (code >= 3000 && code <= 4999));
// A close reason is at most 123 UTF-8 bytes.
const shortReason = (text) => {
  let reason = String(text ?? '');
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
};

/** Starts the demo server; resolves with `{ port, url, close() }`. */
export function startDemoServer({ port = 8787, host = '127.0.0.1', log = () => {} } = {}) {
  // /restart, per id: until when that id's handshakes are refused. Per id, so one story's restart
  // leaves the other stories (and parallel story tests) alone.
  const downUntil = new Map();
  const idOf = (url) => url.searchParams.get('id') ?? '';
  const seenOnce = new Set();
  // /tabs: per id, the open sockets, how many ever connected, and who watches the count.
  const groups = new Map();
  const groupOf = (id) => {
    if (!groups.has(id)) groups.set(id, { sockets: new Set(), connections: 0, watchers: new Set() });
    return groups.get(id);
  };
  const tabsId = (url) => (url.searchParams.get('id') ?? '').slice(0, 64);
  const announce = (group) => {
    const text = JSON.stringify({ live: group.sockets.size });
    for (const watcher of group.watchers) if (watcher.readyState === watcher.OPEN) watcher.send(text);
  };
  // /stream: per id, the stream (it ticks on while its clients are away) and the sockets it sends to.
  const streams = new Map();
  const streamOf = (id, every, buffer) => {
    if (streams.has(id)) return streams.get(id);
    if (streams.size >= 50) {
      const [oldest, entry] = streams.entries().next().value;
      clearTimeout(entry.timer);
      timers.delete(entry.timer);
      streams.delete(oldest);
    }
    const entry = { stream: createResumableStream({ buffer }), sockets: new Set(), timer: null };
    const tick = () => {
      const text = entry.stream.next({ time: new Date().toISOString() });
      for (const socket of entry.sockets) if (socket.readyState === socket.OPEN) socket.send(text);
      entry.timer = later(every, tick);
    };
    entry.timer = later(every, tick);
    streams.set(id, entry);
    return entry;
  };
  const timers = new Set();
  const later = (ms, fn) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  };

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://demo');
    if (url.pathname === '/tabs/count') {
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ live: groups.get(tabsId(url))?.sockets.size ?? 0 }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('react-lifeline demo server: connect with a WebSocket.\n');
  });
  const wss = new WebSocketServer({ noServer: true });

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://demo');
    const refuse = (status, text) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      log(`refused ${url.pathname} with HTTP ${status}`);
    };
    if (Date.now() < (downUntil.get(idOf(url)) ?? 0)) return refuse(503, 'Service Unavailable');
    // A code no close frame can carry (e.g. 2000, 1015) is refused up front rather than crashing the server.
    if ((url.pathname === '/close' || url.pathname === '/once') && url.searchParams.has('code') && !sendable(Number(url.searchParams.get('code')))) {
      return refuse(400, 'Bad Request');
    }
    if (url.pathname === '/reject') {
      const status = clamp(url.searchParams.get('status'), 400, 599, 401);
      return refuse(status, status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Service Unavailable');
    }
    // /slow: the handshake completes only after ?accept= ms, so the client stays CONNECTING.
    const accept = url.pathname === '/slow' ? clamp(url.searchParams.get('accept'), 0, 60_000, 2000) : 0;
    later(accept, () => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, url)));
  });

  wss.on('connection', (ws, _request, url) => {
    const query = url.searchParams;
    ws.demoId = idOf(url);
    const after = clamp(query.get('after'), 0, 600_000, 300);
    const closeWith = (code, reason) => {
      if (ws.readyState !== ws.OPEN) return;
      if (code === 1006) ws.terminate();
      else if (code === 1005) ws.close();
      else ws.close(code, reason);
      log(`${url.pathname}: closed with ${code}`);
    };
    log(`connected ${url.pathname}${url.search}`);
    if (!['/stall', '/handshake', '/idle', '/tabs', '/tabs/count', '/stream'].includes(url.pathname)) ws.on('message', (data, isBinary) => ws.readyState === ws.OPEN && ws.send(data, { binary: isBinary }));

    switch (url.pathname) {
      case '/close': {
        const code = clamp(query.get('code'), 1000, 4999, 1000);
        later(after, () => closeWith(code, shortReason(query.get('reason'))));
        break;
      }
      case '/once': {
        const key = url.search;
        if (seenOnce.has(key)) break;
        seenOnce.add(key);
        later(after, () => closeWith(clamp(query.get('code'), 1000, 4999, 1012), shortReason(query.get('reason'))));
        break;
      }
      case '/drop':
        later(after, () => closeWith(1006, ''));
        break;
      case '/restart': {
        const down = clamp(query.get('down'), 0, 120, 3);
        later(after, () => {
          downUntil.set(idOf(url), Date.now() + down * 1000);
          for (const client of wss.clients) if (client.demoId === idOf(url)) client.close(1012, 'Service restart');
          log(`restarting: refusing handshakes for ${down} s`);
        });
        break;
      }
      case '/overload':
        later(after, () => closeWith(1013, 'Try again later'));
        break;
      case '/idle': {
        // Every message received restarts the clock, as a proxy's idle timer does; a heartbeat's pings keep it alive.
        const idleMs = clamp(query.get('after'), 100, 600_000, 3000);
        let timer = later(idleMs, () => closeWith(1006, ''));
        ws.on('message', (data, isBinary) => {
          clearTimeout(timer);
          timers.delete(timer);
          timer = later(idleMs, () => closeWith(1006, ''));
          if (ws.readyState !== ws.OPEN) return;
          if (!isBinary && String(data) === 'ping') ws.send('pong');
          else ws.send(data, { binary: isBinary });
        });
        ws.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        break;
      }
      case '/stall':
        ws.pause(); // read nothing, answer nothing, not even pings
        break;
      case '/flood': {
        const rate = clamp(query.get('rate'), 1, 1000, 100);
        let left = clamp(query.get('count'), 1, 100_000, 1000);
        const every = Math.max(1, Math.round(1000 / rate));
        const tick = () => {
          if (ws.readyState !== ws.OPEN || left <= 0) return;
          left -= 1;
          ws.send(JSON.stringify({ n: left, at: Date.now() }));
          later(every, tick);
        };
        tick();
        break;
      }
      case '/handshake': {
        // graphql-ws's rule: the first message must be connection_init; the server acknowledges
        // after ?ack= ms (or refuses a payload token other than "ok" with 4403); anything else
        // before the ack is refused with 4401. After the ack it echoes.
        const ackAfter = clamp(query.get('ack'), 0, 60_000, 1500);
        let acked = false;
        ws.on('message', (data) => {
          if (ws.readyState !== ws.OPEN) return;
          let message = null;
          try {
            message = JSON.parse(String(data));
          } catch {
            // not JSON: treated like any other message below
          }
          if (acked) return ws.send(String(data));
          if (message?.type !== 'connection_init') return closeWith(4401, 'Unauthorized');
          if (message.payload?.token !== 'ok') return closeWith(4403, 'Forbidden');
          later(ackAfter, () => {
            if (ws.readyState !== ws.OPEN) return;
            acked = true;
            ws.send(JSON.stringify({ type: 'connection_ack' }));
            log(`${url.pathname}: acknowledged`);
          });
        });
        break;
      }
      case '/stream': {
        const entry = streamOf(tabsId(url), clamp(query.get('every'), 50, 60_000, 500), clamp(query.get('buffer'), 1, 10_000, 50));
        ws.once('message', (data) => {
          const frames = entry.stream.answer(data);
          if (!frames) return closeWith(1008, 'Expected a resume request');
          for (const frame of frames) ws.send(frame);
          entry.sockets.add(ws);
          log(`${url.pathname}: ${JSON.parse(frames.at(-1)).type ?? 'resumed'} at ${entry.stream.seq}`);
        });
        ws.on('close', () => entry.sockets.delete(ws));
        break;
      }
      case '/tabs': {
        const group = groupOf(tabsId(url));
        group.sockets.add(ws);
        group.connections += 1;
        ws.send(JSON.stringify({ welcome: group.connections }));
        announce(group);
        ws.on('message', (data, isBinary) => {
          for (const socket of group.sockets) if (socket.readyState === socket.OPEN) socket.send(data, { binary: isBinary });
        });
        ws.on('close', () => {
          group.sockets.delete(ws);
          announce(group);
        });
        break;
      }
      case '/tabs/count': {
        const group = groupOf(tabsId(url));
        group.watchers.add(ws);
        ws.send(JSON.stringify({ live: group.sockets.size }));
        ws.on('close', () => group.watchers.delete(ws));
        break;
      }
      case '/ticker': {
        const every = clamp(query.get('every'), 50, 60_000, 1000);
        const tick = () => {
          if (ws.readyState !== ws.OPEN) return;
          ws.send(JSON.stringify({ time: new Date().toISOString() }));
          later(every, tick);
        };
        tick();
        break;
      }
      default:
        break;
    }
  });

  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      const { port: actual } = http.address();
      resolve({
        port: actual,
        url: `ws://${host}:${actual}`,
        close: () =>
          new Promise((done) => {
            for (const timer of timers) clearTimeout(timer);
            for (const client of wss.clients) client.terminate();
            wss.close();
            http.close(() => done());
            http.closeAllConnections?.();
          }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = clamp(process.argv[2] ?? process.env.DEMO_PORT, 0, 65_535, 8787);
  const server = await startDemoServer({ port, log: (line) => console.log(`[demo] ${line}`) });
  console.log(`[demo] react-lifeline demo server on ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
