// `npm start`: the demo server and Storybook together; Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { startDemoServer } from '../demo/server.mjs';

const port = Number(process.env.DEMO_PORT ?? 8787);
const server = await startDemoServer({ port, log: (line) => console.log(`[demo] ${line}`) });
console.log(`[demo] WebSocket demo server on ${server.url}`);

// Its own process group, so stopping it stops everything it started.
const storybook = spawn('node_modules/.bin/storybook', ['dev', '--port', process.env.STORYBOOK_PORT ?? '6006', '--ci', '--no-open'], {
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, STORYBOOK_DEMO_URL: server.url, STORYBOOK_DISABLE_TELEMETRY: '1' },
});

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-storybook.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await server.close();
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
storybook.on('exit', (code) => stop(code ?? 0));
