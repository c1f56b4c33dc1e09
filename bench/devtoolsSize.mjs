// `node bench/devtoolsSize.mjs` (after `npm run build`): what `<LifelineDevtools />` from
// `react-lifeline/devtools` adds to an app's Vite production build. Two apps, identical but for
// the devtools line, are built by Vite (in node_modules as a dependency of @storybook/react-vite)
// against the built package (dist/, through its exports map, as an app would import it); every
// emitted JS file is compressed with brotli (quality 11) and the totals compared. A development
// build of the same app is built too, to show the panel's lazy chunk exists there. Writes its
// section of bench/results.md (between its markers). Figures only: nothing here asserts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const brotli = (text) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const work = mkdtempSync(join(tmpdir(), 'lifeline-devtools-size-'));
// The app resolves `react-lifeline` as an installed package: node_modules/react-lifeline -> this repository.
mkdirSync(join(work, 'node_modules'));
symlinkSync(repo, join(work, 'node_modules/react-lifeline'), 'dir');
for (const name of ['react', 'react-dom', 'scheduler']) symlinkSync(join(repo, 'node_modules', name), join(work, 'node_modules', name), 'dir');

const app = (withDevtools) => `
import { createRoot } from 'react-dom/client';
import { useWebSocket, WebSocketProvider } from 'react-lifeline';
${withDevtools ? "import { LifelineDevtools } from 'react-lifeline/devtools';" : ''}
function Status() {
  const { status } = useWebSocket('wss://example.com/feed');
  return <p>{status}</p>;
}
createRoot(document.getElementById('root')).render(
  <WebSocketProvider>
    <Status />
    ${withDevtools ? '<LifelineDevtools />' : ''}
  </WebSocketProvider>,
);
`;

async function measure(name, withDevtools, mode) {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'main.jsx'), app(withDevtools));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>');
  const outDir = join(root, 'dist');
  await build({
    root,
    mode,
    logLevel: 'silent',
    configFile: false,
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    resolve: { preserveSymlinks: false },
    build: { outDir, emptyOutDir: true, minify: mode === 'production', reportCompressedSize: false },
    esbuild: { jsx: 'automatic' },
    oxc: { jsx: { runtime: 'automatic' } },
  });
  const files = readdirSync(join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
  const texts = files.map((file) => readFileSync(join(outDir, 'assets', file), 'utf8'));
  return {
    files: files.length,
    bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    brotli: texts.reduce((sum, text) => sum + brotli(text), 0),
    panel: texts.some((text) => text.includes('Simulate drop (1006)')),
  };
}

const without = await measure('without', false, 'production');
const withDevtools = await measure('with', true, 'production');
const development = await measure('development', true, 'development');
rmSync(work, { recursive: true, force: true });

const added = withDevtools.brotli - without.brotli;
const lines = [
  '<!-- devtools-size:start (written by bench/devtoolsSize.mjs) -->',
  '## `<LifelineDevtools />` in a Vite production build (issue #21: ≤ 100 B brotli)',
  '',
  `Vite ${JSON.parse(readFileSync(join(repo, 'node_modules/vite/package.json'), 'utf8')).version}, an app with one \`useWebSocket\` under a \`WebSocketProvider\`, React bundled; every emitted JS file, brotli 11.`,
  '',
  '| build | JS files | min bytes | brotli bytes | panel code in it |',
  '|---|---|---|---|---|',
  `| production, without the devtools | ${without.files} | ${without.bytes.toLocaleString('en')} | ${without.brotli.toLocaleString('en')} | ${without.panel ? 'yes' : 'no'} |`,
  `| production, with \`<LifelineDevtools />\` | ${withDevtools.files} | ${withDevtools.bytes.toLocaleString('en')} | ${withDevtools.brotli.toLocaleString('en')} | ${withDevtools.panel ? 'yes' : 'no'} |`,
  `| development, with \`<LifelineDevtools />\` (unminified) | ${development.files} | ${development.bytes.toLocaleString('en')} | ${development.brotli.toLocaleString('en')} | ${development.panel ? 'yes (a lazy chunk)' : 'no'} |`,
  '',
  `The devtools add **${added} B** brotli to the production build (${withDevtools.bytes - without.bytes} B minified); budget 100 B: ${added <= 100 ? 'met' : 'NOT met'}.`,
  '<!-- devtools-size:end -->',
];
console.log(lines.join('\n'));
const resultsPath = join(repo, 'bench/results.md');
const results = readFileSync(resultsPath, 'utf8');
const section = /<!-- devtools-size:start[\s\S]*?<!-- devtools-size:end -->/;
writeFileSync(resultsPath, section.test(results) ? results.replace(section, lines.join('\n')) : `${results.trimEnd()}\n\n${lines.join('\n')}\n`);
