import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { readFileSync } from 'node:fs';
const entry = process.argv[2];
const size = async (stub) => {
  const r = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, metafile: true,
    external: ['react','react-dom','react/jsx-runtime'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent',
    plugins: stub ? [{ name: 'stub', setup(b) { b.onLoad({ filter: new RegExp(stub.replace(/[.]/g, '\\.') + '$') }, (a) => {
      const src = readFileSync(a.path, 'utf8'); const names = [...src.matchAll(/export (?:const|function|class|let) (\w+)/g)].map(m => m[1]);
      return { contents: names.map(n => `export const ${n} = globalThis.__x;`).join('\n'), loader: 'ts' }; }) } }] : [] });
  const bytes = r.outputFiles[0].contents; return { b: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, inputs: Object.keys(Object.values(r.metafile.outputs)[0].inputs) };
};
const base = await size(null);
console.log('total brotli', base.b);
const rows = [];
for (const input of base.inputs) { if (input === '<stdin>' || input.endsWith('index.ts')) continue; const s = await size(input); rows.push([base.b - s.b, input]); }
rows.sort((a, b) => b[0] - a[0]); for (const [d, n] of rows) console.log(String(d).padStart(6), n);
