import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The docs' option tables against the exported types. A table that documents a type starts
 * right after a marker line, `<!-- fields: TypeName -->`; its first column names the fields
 * (in backticks, several per cell allowed, a call's arguments ignored: `shouldReconnect(close,
 * attempt)`). Fields marked `@internal` stay out. The test finds the type among the package's entries and fails when the type has
 * a field the table lacks (a field added to a type and missing from the docs) or the table
 * names one the type does not have (a field removed or renamed).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = `${ROOT}docs/`;
const MARKER = /^<!-- fields: (\w+) -->$/;

/** The package's entries whose exported types the docs may document. */
const ENTRY_FILES = readdirSync(`${ROOT}src`, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('index.ts'))
  .map((file) => `${ROOT}src/${file}`);

interface DocumentedTable {
  file: string;
  line: number;
  type: string;
  names: string[];
}

/** Every marked table of every docs page. */
export function documentedTables(): DocumentedTable[] {
  const tables: DocumentedTable[] = [];
  for (const file of readdirSync(DOCS).filter((name) => name.endsWith('.md'))) {
    const lines = readFileSync(`${DOCS}${file}`, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const marker = MARKER.exec(text.trim());
      if (!marker) return;
      const rows: string[] = [];
      for (let at = index + 1; at < lines.length && lines[at]!.trim().startsWith('|'); at += 1) rows.push(lines[at]!);
      // The header row and the |---| row are not fields.
      const names = rows.slice(2).flatMap((row) => {
        const first = row.split('|')[1] ?? '';
        return [...first.matchAll(/`([A-Za-z_$][\w$]*)\??(?:\([^`]*\))?`/g)].map((match) => match[1]!);
      });
      tables.push({ file: `docs/${file}`, line: index + 1, type: marker[1]!, names });
    });
  }
  return tables;
}

function exportedTypes(): Map<string, ts.Type> {
  const program = ts.createProgram({ rootNames: ENTRY_FILES, options: { strict: true, jsx: ts.JsxEmit.ReactJSX, skipLibCheck: true, noEmit: true } });
  const checker = program.getTypeChecker();
  const types = new Map<string, ts.Type>();
  for (const file of ENTRY_FILES) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    if (!module) continue;
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) types.set(symbol.name, checker.getDeclaredTypeOfSymbol(target));
    }
  }
  return types;
}

const tables = documentedTables();
const types = exportedTypes();

describe('docs tables agree with the exported types', () => {
  it('documents the types users configure and read', () => {
    const documented = new Set(tables.map((table) => table.type));
    for (const type of ['UseWebSocketOptions', 'WebSocketHandle', 'WebSocketProviderProps', 'ReconnectPolicyOptions', 'UseCloseFeedbackOptions', 'CloseBannerProps', 'CloseFeedback', 'CloseInfo', 'HeartbeatOptions', 'ReadyOptions', 'PluginHooks', 'PluginApi', 'ConnectionOptions']) {
      expect(documented.has(type), `no docs table is marked <!-- fields: ${type} -->`).toBe(true);
    }
  });

  it.each(tables.map((table) => [`${table.file}:${table.line} ${table.type}`, table] as const))('%s', (_, table) => {
    const type = types.get(table.type);
    expect(type, `${table.file}:${table.line}: ${table.type} is not a type any entry exports`).toBeDefined();
    // Fields marked @internal are not the public API: the docs leave them out.
    const fields = type!
      .getApparentProperties()
      .filter((property) => !property.getJsDocTags().some((tag) => tag.name === 'internal'))
      .map((property) => property.name)
      .sort();
    const names = [...new Set(table.names)].sort();
    const missing = fields.filter((name) => !names.includes(name));
    const unknown = names.filter((name) => !fields.includes(name));
    expect({ missingFromDocs: missing, notInType: unknown }, `${table.file}:${table.line} documents ${table.type}`).toEqual({ missingFromDocs: [], notInType: [] });
  });
});
