import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** A test page (a .tsx file) bundled for Chromium, React and all, as a development build. */
export async function bundlePage(page: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(page)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
