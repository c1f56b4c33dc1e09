// Builds a Next.js App Router app against the packed package: a server component imports pure
// functions from the root entry (describeCloseCode, CLOSE_CODES), a client component uses the
// hook. With a "use client" root, the server component's call fails the build.
//
//   npm run build && node scripts/checkNext.mjs [tarball] [--js]
// --js: the app in plain JSX, without TypeScript (to try a package whose types are broken).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const NEXT = '16.4.6';
const root = resolve(import.meta.dirname, '..');
const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CI: '1' } });

const app = mkdtempSync(join(tmpdir(), 'lifeline-next-'));
const args = process.argv.slice(2);
const js = args.includes('--js');
const given = args.find((arg) => !arg.startsWith('--'));
let tarball = given && resolve(given);
const ext = js ? 'jsx' : 'tsx';
if (!tarball) {
  const name = run('npm', ['pack', '--silent', '--pack-destination', app], root).trim().split('\n').at(-1);
  tarball = join(app, name);
}
const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const react = versionOf('react');
writeFileSync(
  join(app, 'package.json'),
  JSON.stringify({ name: 'lifeline-next-check', private: true, scripts: { build: 'next build' }, dependencies: { next: NEXT, react, 'react-dom': react, 'react-lifeline': `file:${tarball}` }, devDependencies: { typescript: versionOf('typescript'), '@types/react': versionOf('@types/react'), '@types/node': versionOf('@types/node') } }, null, 2),
);
if (!js) writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, jsx: 'preserve', module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['dom', 'es2022'], skipLibCheck: true, noEmit: true, esModuleInterop: true, isolatedModules: true, plugins: [{ name: 'next' }], incremental: true, allowJs: false, resolveJsonModule: true }, include: ['**/*.ts', '**/*.tsx'], exclude: ['node_modules'] }, null, 2));
mkdirSync(join(app, 'app'));
writeFileSync(join(app, `app/layout.${ext}`), `export default function Layout({ children }${js ? '' : ': { children: React.ReactNode }'}) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n`);
// A server component (no "use client"): it calls pure functions of the root entry while it renders.
writeFileSync(
  join(app, `app/page.${ext}`),
  `import { CLOSE_CODES, describeCloseCode } from 'react-lifeline';\nimport { Status } from './status';\n\nexport default function Page() {\n  return (\n    <main>\n      <p id="server">{describeCloseCode(1012).name} / {Object.keys(CLOSE_CODES).length} codes</p>\n      <Status />\n    </main>\n  );\n}\n`,
);
writeFileSync(
  join(app, `app/status.${ext}`),
  `'use client';\nimport { CloseBanner, WebSocketProvider, useWebSocket } from 'react-lifeline';\n\nfunction Socket() {\n  const socket = useWebSocket('ws://127.0.0.1:9/never', { enabled: false });\n  return <><p id="client">{socket.status}</p><CloseBanner socket={socket} /></>;\n}\n\nexport function Status() {\n  return <WebSocketProvider><Socket /></WebSocketProvider>;\n}\n`,
);
console.log(`checkNext: Next.js ${NEXT}, React ${react}, ${tarball} in ${app}`);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
let output;
try {
  output = run('npx', ['next', 'build'], app);
} catch (error) {
  console.error(String(error.stdout ?? ''), String(error.stderr ?? ''));
  console.error('checkNext: FAIL: next build failed');
  process.exit(1);
}
const html = readdirSync(join(app, '.next/server/app')).filter((file) => file.endsWith('.html')).map((file) => readFileSync(join(app, '.next/server/app', file), 'utf8')).join('\n');
const text = html.replaceAll('<!-- -->', '');
const ok = text.includes('Service Restart / 19 codes') && text.includes('id="client">idle<');
console.log(output.split('\n').filter((line) => /Compiled|Generating|Route|○|ƒ/.test(line)).join('\n'));
console.log(ok ? 'checkNext: ok: the server component rendered "Service Restart / 19 codes" and the client component rendered' : 'checkNext: FAIL: the prerendered page lacks the server or the client part');
process.exit(ok ? 0 : 1);
