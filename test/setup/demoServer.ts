// Starts the demo server for the browser story tests, on the port of STORYBOOK_DEMO_URL.
import { startDemoServer } from '../../demo/server.mjs';

export default async function setup() {
  const port = Number(new URL(process.env.STORYBOOK_DEMO_URL ?? 'ws://127.0.0.1:8788').port);
  const server = await startDemoServer({ port });
  return () => server.close();
}
