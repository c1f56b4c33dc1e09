import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, normalize } from 'node:path/posix';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What the README and the docs pages (docs/*.md, which ship in the package) show, checked the
 * way a reader meets them:
 *
 * 1. Every ```ts / ```tsx example type-checks against the package's sources, with the
 *    repository's compiler options (strict) and `react-lifeline[/entry]` mapped to `src`.
 *    - Each block is a module of its own.
 *    - A block with an `import` is a file a reader can copy: it imports what it uses.
 *    - A block without one is a snippet: it sees the root entry's exports as if imported (the
 *      names it uses), and PRELUDE below, the reader's own app (`url`, `App`, `refreshToken`…).
 *    - JSX may stand as a statement (`<WebSocketProvider …>…</WebSocketProvider>`); it must be
 *      complete (closed tags, required props such as `children`). Nothing is wrapped or
 *      rewritten: what is compiled is what the README shows, plus that one import line.
 *    - Shell, nginx and other languages are skipped; a fence with no language fails.
 * 2. Every relative link and image resolves inside the npm package (`npm pack --dry-run`),
 *    since npm shows the README apart from the repository; every `#anchor` names a heading of
 *    the page it points to.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The pages, by their path in the package. */
const PAGES = new Map<string, string>([
  ['README.md', readFileSync(`${ROOT}README.md`, 'utf8')],
  ...readdirSync(`${ROOT}docs`)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => [`docs/${file}`, readFileSync(`${ROOT}docs/${file}`, 'utf8')] as [string, string]),
]);
const VIRTUAL = `${ROOT}test/docs/.readme-examples/`;

/** The names examples use without defining them: the reader's app, not the library. */
const PRELUDE = `
declare const url: string;
declare const token: string;
declare function refreshToken(): Promise<void>;
declare function report(code: number, url: string): void;
declare const router: { push(path: string): void };
declare const tabs: import('react-lifeline/tabs').CrossTab;
declare const WebSocketFromWs: typeof import('ws').WebSocket;
declare const tokens: { current(): Promise<string>; refresh(): Promise<void> };
declare function toast(text: string): void;
declare function show(message: unknown): void;
declare function App(): import('react').ReactNode;
declare function Feed(props: { url: string | (() => Promise<string>) }): import('react').ReactNode;
// React Native and NetInfo are not installed here (examples/expo-chat type-checks against the real ones): what the README uses of them.
declare module 'react-native' {
  type Props = { children?: import('react').ReactNode; accessibilityRole?: string; onPress?: () => void };
  export const AppState: import('react-lifeline/native').AppStateLike;
  export function View(props: Props): import('react').ReactNode;
  export function Text(props: Props): import('react').ReactNode;
  export function Pressable(props: Props): import('react').ReactNode;
}
declare module '@react-native-community/netinfo' {
  const NetInfo: import('react-lifeline/native').NetInfoLike;
  export default NetInfo;
}
`;

const ENTRIES: Record<string, string> = {
  'react-lifeline': 'src/index.ts',
  'react-lifeline/core': 'src/core/index.ts',
  'react-lifeline/testing': 'src/testing/index.ts',
  'react-lifeline/tabs': 'src/plugins/tabs/index.ts',
  'react-lifeline/share': 'src/plugins/share/index.ts',
  'react-lifeline/heartbeat': 'src/plugins/heartbeat/index.ts',
  'react-lifeline/keepalive': 'src/plugins/keepalive/index.ts',
  'react-lifeline/ready': 'src/plugins/ready/index.ts',
  'react-lifeline/resume': 'src/plugins/resume/index.ts',
  'react-lifeline/presets': 'src/presets/index.ts',
  'react-lifeline/native': 'src/native/index.ts',
  'react-lifeline/storybook': 'src/storybook/index.ts',
  'react-lifeline/devtools': 'src/devtools/index.ts',
  'react-lifeline/devtools/production': 'src/devtools/production.ts',
  'react-lifeline/sonner': 'src/adapters/sonner.ts',
  'react-lifeline/react-hot-toast': 'src/adapters/reactHotToast.tsx',
  'react-lifeline/react-toastify': 'src/adapters/reactToastify.tsx',
};

const COMPILED = new Set(['ts', 'tsx']);

interface Block {
  /** The page it is on. */
  page: string;
  /** The page's line of the block's first line of code (1-based). */
  line: number;
  lang: string;
  code: string;
}

/** The fenced blocks, and the page with their lines blanked (for the link scan). */
function fencedBlocks(page: string, markdown: string): { blocks: Block[]; prose: string[] } {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { fence: string; lang: string; line: number; code: string[] } | null = null;
  lines.forEach((text, index) => {
    if (open) {
      prose.push('');
      if (text.trim() === open.fence) {
        blocks.push({ page, line: open.line, lang: open.lang, code: open.code.join('\n') });
        open = null;
      } else {
        open.code.push(text);
      }
      return;
    }
    const start = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (start) {
      open = { fence: start[1]!, lang: start[2]!.toLowerCase(), line: index + 2, code: [] };
      prose.push('');
    } else {
      prose.push(text);
    }
  });
  if (open) throw new Error(`${page}:${(open as { line: number }).line - 1}: a code fence is never closed`);
  return { blocks, prose };
}

const scanned = [...PAGES].map(([page, markdown]) => ({ page, ...fencedBlocks(page, markdown) }));
const blocks = scanned.flatMap((page) => page.blocks);
const examples = blocks.filter((block) => COMPILED.has(block.lang));

function compilerOptions(): ts.CompilerOptions {
  const configPath = `${ROOT}tsconfig.json`;
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  const paths = { ...options.paths };
  for (const [name, file] of Object.entries(ENTRIES)) paths[name] = [`${ROOT}${file}`];
  return { ...options, paths, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
}

/** Names declared at a block's top level (they must not be imported implicitly). */
function topLevelNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.add(statement.name.text);
    else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) names.add(statement.name.text);
  }
  return names;
}

function identifiers(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

interface Compiled {
  /** What each block was compiled as: its file name and the lines put before its code. */
  files: Map<Block, { fileName: string; header: number }>;
  program: ts.Program;
}

function compile(): Compiled {
  const options = compilerOptions();
  const virtual = new Map<string, string>([[`${VIRTUAL}prelude.d.ts`, PRELUDE]]);
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  };

  // The root entry's exports, which snippets (blocks without an import) see as imported.
  const root = ts.createProgram({ rootNames: [`${ROOT}${ENTRIES['react-lifeline']}`], options, host });
  const rootChecker = root.getTypeChecker();
  const rootSymbol = rootChecker.getSymbolAtLocation(root.getSourceFile(`${ROOT}${ENTRIES['react-lifeline']}`)!)!;
  const exported = new Map<string, 'value' | 'type'>();
  for (const symbol of rootChecker.getExportsOfModule(rootSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? rootChecker.getAliasedSymbol(symbol) : symbol;
    exported.set(symbol.name, target.flags & ts.SymbolFlags.Value ? 'value' : 'type');
  }

  const files = new Map<Block, { fileName: string; header: number }>();
  for (const block of examples) {
    const fileName = `${VIRTUAL}${block.page.replace('/', '-')}-L${block.line}.${block.lang}`;
    const parsed = ts.createSourceFile(fileName, block.code, ts.ScriptTarget.Latest, true);
    let text = block.code;
    let header = 0;
    if (!parsed.statements.some(ts.isImportDeclaration)) {
      const local = topLevelNames(parsed);
      const used = [...identifiers(parsed)].filter((name) => exported.has(name) && !local.has(name)).sort();
      if (used.length) {
        const specifiers = used.map((name) => (exported.get(name) === 'type' ? `type ${name}` : name));
        text = `import { ${specifiers.join(', ')} } from 'react-lifeline';\n${text}`;
        header = 1;
      }
    }
    virtual.set(fileName, text);
    files.set(block, { fileName, header });
  }
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host, oldProgram: root });
  return { files, program };
}

function problems({ files, program }: Compiled, block: Block): string[] {
  const { fileName, header } = files.get(block)!;
  const source = program.getSourceFile(fileName)!;
  const pageLines = PAGES.get(block.page)!.split('\n');
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) => {
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const pageLine = line < header ? block.line - 1 : block.line + line - header;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    return `${block.page}:${pageLine}:${character + 1} TS${diagnostic.code}: ${message}\n  | ${pageLines[pageLine - 1]?.trim() ?? ''}`;
  });
}

describe('README and docs examples type-check', () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compile();
    // Type-check everything here, once (the checker caches it), so each test below only reads
    // the result: CPU work that takes seconds on a quiet machine and minutes on a busy one.
    compiled.program.getGlobalDiagnostics();
    for (const { fileName } of compiled.files.values()) compiled.program.getSemanticDiagnostics(compiled.program.getSourceFile(fileName));
  }, 300_000);

  it('every fence names its language, and there are examples to compile', () => {
    expect(blocks.filter((block) => !block.lang).map((block) => `${block.page}:${block.line - 1}`)).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it('the compiler options and the prelude are sound', () => {
    const prelude = compiled.program.getSourceFile(`${VIRTUAL}prelude.d.ts`)!;
    const diagnostics = [...compiled.program.getOptionsDiagnostics(), ...compiled.program.getGlobalDiagnostics(), ...compiled.program.getSemanticDiagnostics(prelude)];
    expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
  });

  it.each(examples.map((block) => [block.lang, `${block.page}:${block.line}`, block] as const))('the %s example at %s compiles', (_lang, _where, block) => {
    expect(problems(compiled, block), `${block.page}:${block.line} (${block.lang}) does not type-check`).toEqual([]);
  });
});

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(lines: string[]): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of lines) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

function links(page: string, lines: string[]): Link[] {
  const found: Link[] = [];
  lines.forEach((raw, index) => {
    // Inline code is not a link: `[a](b)` in backticks stays text.
    const line = raw.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
    const patterns = [
      /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g,
      /<(?:img|a|source)\b[^>]*?\b(?:src|href|srcset)\s*=\s*["']([^"']+)["']/gi,
      /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g,
    ];
    for (const pattern of patterns) for (const match of line.matchAll(pattern)) found.push({ page, line: index + 1, target: match[1]! });
  });
  return found;
}

/** A link's target as a path in the package (relative to its page), and the anchor it names. */
function resolve(link: Link): { path: string; anchor: string | null } {
  const [target = '', anchor] = decodeURIComponent(link.target).split('#');
  const path = target.replace(/\?.*$/, '');
  return { path: path ? normalize(`${dirname(link.page)}/${path}`).replace(/^\.\//, '') : link.page, anchor: anchor ?? null };
}

const EXTERNAL = /^([a-z][a-z\d+.-]*:|\/\/)/i;

describe('README and docs links and images work from the npm package', () => {
  const allLinks = scanned.flatMap(({ page, prose }) => links(page, prose));
  const local = allLinks.filter((link) => !EXTERNAL.test(link.target));
  let packed: Set<string>;
  beforeAll(() => {
    // What `npm publish` would upload. --ignore-scripts: nothing is built or run.
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const [pack] = JSON.parse(output) as [{ files: { path: string }[] }];
    packed = new Set(pack.files.map((file) => file.path));
  }, 120_000);

  it('finds the links (the scan works)', () => {
    expect(allLinks.some((link) => link.page === 'README.md' && link.target.endsWith('.png'))).toBe(true);
    expect(allLinks.some((link) => link.page.startsWith('docs/') && link.target.endsWith('.png'))).toBe(true);
    expect(allLinks.some((link) => link.target.includes('#'))).toBe(true);
  });

  it('ships the README, the LICENSE, package.json and every docs page', () => {
    for (const file of ['README.md', 'LICENSE', 'package.json', ...PAGES.keys()]) expect(packed, file).toContain(file);
  });

  it('every relative link and image names a file in the package', () => {
    const missing = local
      .filter((link) => !packed.has(resolve(link).path))
      .map((link) => `${link.page}:${link.line}: ${link.target} is not in the npm package (add it to "files" in package.json, or make it plain text)`);
    expect(missing).toEqual([]);
  });

  it('every #anchor names a heading of the page it points to', () => {
    const anchors = new Map([...PAGES].map(([page, markdown]) => [page, headingAnchors(fencedBlocks(page, markdown).prose)]));
    const broken = local
      .map((link) => ({ link, ...resolve(link) }))
      .filter(({ path, anchor }) => anchor !== null && PAGES.has(path) && !anchors.get(path)!.has(anchor))
      .map(({ link }) => `${link.page}:${link.line}: ${link.target} names no heading`);
    expect(broken).toEqual([]);
  });

  it('every shipped docs file is linked from a page', () => {
    const used = new Set(local.map((link) => resolve(link).path));
    const unused = [...packed].filter((file) => file.startsWith('docs/') && !used.has(file));
    expect(unused, 'shipped under docs/ but no page links to it: link it, or drop it from "files"').toEqual([]);
  });
});
