/**
 * Reads a YAML file and checks it against a JSON Schema, reporting every problem with
 * its file, line, column and field. Issue files and layouts both come through here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { DiagnosticList, InputError, type Diagnostic } from '../diagnostics.js';
import { decodeText, withLfLineEnds } from './decode-text.js';
import { fileStamp, readFileCapped, readProblemText, type StampedCache } from '../files.js';

export interface YamlSource<T> {
  file: string;
  data: T;
  /** Position of the value at a path such as ['pages', 0, 'articles'], for later diagnostics. */
  locate(path: readonly (string | number)[]): Pick<Diagnostic, 'file' | 'line' | 'column' | 'field'>;
  /** Whether the value at a path is a `|` block, whose lines follow the file's lines. */
  isLiteralBlock(path: readonly (string | number)[]): boolean;
}

/** Largest YAML file we accept; issue files are a few kilobytes. */
export const MAX_YAML_BYTES = 4 * 1024 * 1024;
/**
 * Most aliases a file may expand: ten aliases of ten aliases of … ("billion laughs") would
 * otherwise turn a small file into gigabytes. A real issue file needs a handful.
 */
const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings and lists we read; an issue file nests about 8 deep. */
const MAX_DEPTH = 32;

/**
 * The schemas files are checked against, in schema/. `layout-part` is the layout schema with
 * nothing required: a layout that extends another gives only what differs, and the whole, once
 * merged, is checked against `layout`.
 */
/** The schemas paiban validates with, compiled at build time (scripts/compile-schemas.mjs) and bundled (scripts/bundle.mjs). */
export const SCHEMA_NAMES = ['issue', 'layout', 'layout-part'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** The schema of a name: a file of schema/, or, for `layout-part`, the layout's with every `required` taken out. */
export function schemaFor(name: SchemaName, read: (file: string) => string): object {
  const whole = JSON.parse(read(name === 'layout-part' ? 'layout.schema.json' : `${name}.schema.json`)) as object;
  if (name !== 'layout-part') return whole;
  // Alternatives (oneOf, anyOf, not) tell values apart by what they require: kept whole.
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'required').map(([k, x]) => [k, ['oneOf', 'anyOf', 'not'].includes(k) ? x : strip(x)]))
        : v;
  return strip(whole) as object;
}

/** Options shared by the validators compiled at build time and at run time. */
// strictNumbers: YAML's .nan and .inf are not numbers to the schema.
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, strictNumbers: true } as const;

const validators = new Map<SchemaName, ValidateFunction>();

/**
 * The validator of a schema: the one `npm run build` compiled to JavaScript beside the
 * program (dist/validators/), or, when running from the sources, one compiled now.
 */
function validatorFor(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const require = createRequire(import.meta.url);
    try {
      v = require(`../validators/${name}.cjs`) as ValidateFunction;
    } catch {
      const schema = schemaFor(name, (f) => readFileSync(new URL(`../../schema/${f}`, import.meta.url), 'utf8'));
      const { Ajv } = require('ajv') as typeof import('ajv');
      v = new Ajv(AJV_OPTIONS).compile(schema);
    }
    validators.set(name, v);
  }
  return v;
}

export function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** Files read and checked, kept by a build context while unchanged on disk: a rebuild after an edit of a copy file parses no YAML. */
export type YamlSources = StampedCache<YamlSource<unknown>>;

/**
 * Reads and validates one YAML file; throws InputError with all problems found. With `sources`, a
 * file unchanged since it was last read is not parsed again; its data is given as a copy, which
 * the caller may change.
 */
export function loadYaml<T>(file: string, schema: SchemaName, what: string, sources?: YamlSources): YamlSource<T> {
  const key = `${schema}\n${file}`;
  const kept = sources?.get(key);
  if (kept) return { ...kept, data: structuredClone(kept.data) as T };
  let stamp: string | undefined;
  try {
    stamp = fileStamp(file);
  } catch {
    // Not there, or not readable: reading it says so.
  }
  const source = parseYaml<T>(file, schema, what);
  if (sources && stamp !== undefined) sources.set(key, { ...source, data: structuredClone(source.data) }, [[file, stamp]]);
  return source;
}

function parseYaml<T>(file: string, schema: SchemaName, what: string): YamlSource<T> {
  const diags = new DiagnosticList();
  const text = readYamlText(file, what, diags);
  if (text === undefined) throw new InputError(diags.items);
  const lineCounter = new LineCounter();
  // A line end of CR alone (old Mac editors) is a line end to YAML, but not to its parser: made LF, one
  // character for one, so that positions stay the same.
  const doc = parseDocument(withLfLineEnds(text), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  // Only the first syntax error: the parser's later ones mostly follow from it.
  const [syntax] = doc.errors;
  if (syntax) {
    // The parser gives up on very deep nesting with the message of the stack overflow it caught.
    // Where it gave up depends on the stack left, so the place is found again by a scan of the text.
    if (/call stack/i.test(syntax.message)) diags.error(`YAML nested more than ${MAX_DEPTH} levels deep`, at(tooDeepAt(text) ?? syntax.pos[0]));
    else {
      const message = syntax.code === 'MULTIPLE_DOCS' ? `only one document may stand in a YAML ${what}; this "---" starts a second` : syntax.message.split('\n')[0];
      diags.error(`YAML syntax: ${message}`, at(syntax.pos[0]));
    }
  }
  diags.throwIfErrors();
  // Nesting is bounded before anything walks the document recursively (converting it, checking it).
  const deep = deepestNode(doc.contents);
  if (deep) diags.error(`YAML nested more than ${MAX_DEPTH} levels deep`, at(deep.range?.[0] ?? 0));
  diags.throwIfErrors();

  // An alias inside the node it names would make the data endless.
  let firstAlias: number | undefined;
  visit(doc, {
    Alias(_key, alias, path) {
      firstAlias ??= alias.range?.[0];
      const target = alias.resolve(doc);
      // YAML reads an anchor only above its aliases.
      if (!target) diags.error(`alias *${alias.source} has no anchor &${alias.source} above it`, at(alias.range?.[0] ?? 0));
      else if (path.includes(target)) diags.error(`alias *${alias.source} stands inside the node it refers to`, at(alias.range?.[0] ?? 0));
    },
  });
  diags.throwIfErrors();
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    diags.error(`aliases expand to more than ${MAX_ALIAS_COUNT} nodes; write the values out instead`, at(firstAlias ?? 0));
    diags.throwIfErrors();
  }
  const locate = (path: readonly (string | number)[]) => {
    const node = nodeAt(doc, path);
    const offset = node?.range?.[0] ?? 0;
    return { ...at(offset), field: fieldName(path) || undefined };
  };
  checkSchema(data, schema, locate, diags, doc, at);
  diags.throwIfErrors();
  const isLiteralBlock = (path: readonly (string | number)[]) => {
    const node = doc.getIn(path, true);
    return node instanceof Scalar && node.type === Scalar.BLOCK_LITERAL;
  };
  return { file, data: data as T, locate, isLiteralBlock };
}

/**
 * Checks data against a schema, each problem placed by `locate`: data read from one file (with its
 * document, for the place of an unknown key), or merged from several (a layout and those it extends).
 */
export function checkSchema(
  data: unknown,
  schema: SchemaName,
  locate: YamlSource<unknown>['locate'],
  diags: DiagnosticList,
  doc?: Document,
  at?: (offset: number) => { file: string; line: number; column: number },
): void {
  const validate = validatorFor(schema);
  if (!validate(data)) {
    for (const err of mergeBranchErrors(validate.errors ?? [])) reportSchemaError(err, doc, diags, locate, at);
  }
}

/** The file's text, or undefined (with an error) when it cannot be read, is too large or is not UTF-8. */
function readYamlText(file: string, what: string, diags: DiagnosticList): string | undefined {
  const read = readFileCapped(file, MAX_YAML_BYTES);
  if (!('bytes' in read)) {
    diags.error(read.problem === 'unreadable' ? `cannot read ${what}: ${read.code}` : readProblemText(what, read, MAX_YAML_BYTES), { file });
    return undefined;
  }
  const bytes = read.bytes;
  const decoded = decodeText(bytes, 'utf-8');
  if ('badByte' in decoded) {
    diags.error(`${what} is not valid UTF-8: bad byte at offset ${decoded.badByte}; save it as UTF-8`, { file, line: decoded.line });
    return undefined;
  }
  return decoded.text;
}

/**
 * The issue file's text for an edit made in place (desk, plan --write), read as build reads it:
 * a regular file of at most MAX_YAML_BYTES, opened without blocking (a FIFO put in its place
 * cannot hang the read, nor /dev/zero fill the memory); or why it cannot be read. The bytes are
 * kept as they are (a byte-order mark too), so that the text written back differs only where
 * the edit changed it.
 */
export function readIssueText(file: string): { text: string } | { reason: string } {
  const read = readFileCapped(file, MAX_YAML_BYTES);
  return 'bytes' in read ? { text: read.bytes.toString('utf8') } : { reason: readProblemText('the issue file', read, MAX_YAML_BYTES) };
}

/**
 * Where nesting first goes deeper than MAX_DEPTH, by a scan of the text: levels of indentation
 * plus open flow brackets. Only asked of a file the parser could not nest through, to say where.
 */
function tooDeepAt(text: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const indent = /^ */.exec(line)![0].length;
    if (flow === 0 && indent < line.length && line[indent] !== '#') {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      if (indents.length > MAX_DEPTH) return offset + indent;
    }
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      if (indents.length + flow > MAX_DEPTH) return offset + i;
    }
    offset += line.length + 1;
  }
  return undefined;
}

/** The first node nested deeper than MAX_DEPTH, found without recursion. */
function deepestNode(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_DEPTH) return node;
      for (const item of node.items) stack.push([item, depth + 1]);
    } else if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    }
  }
  return undefined;
}

function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in (node as object)) return node as Node;
  }
  return undefined;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * A value checked against the branches of a `oneOf` (a box is `true` or a mapping) fails
 * the type of every branch but one. Those type errors are noise when a branch took the
 * value's type and failed inside it; when every branch failed on type, one error names all types.
 */
function mergeBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const isBranchType = (e: ErrorObject) => e.keyword === 'type' && /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath);
  const within = (o: ErrorObject, path: string) => o.instancePath === path || o.instancePath.startsWith(`${path}/`);
  const merged = new Map<string, ErrorObject>();
  const kept: ErrorObject[] = [];
  for (const e of errors) {
    if (!isBranchType(e)) kept.push(e);
    else if (!errors.some((o) => o.keyword !== 'oneOf' && o.keyword !== 'anyOf' && within(o, e.instancePath) && !(isBranchType(o) && o.instancePath === e.instancePath))) {
      const first = merged.get(e.instancePath);
      if (first) first.params = { type: `${(first.params as { type: string }).type} or ${(e.params as { type: string }).type}` };
      else {
        const copy = { ...e };
        merged.set(e.instancePath, copy);
        kept.push(copy);
      }
    }
  }
  return kept;
}

function reportSchemaError(
  err: ErrorObject,
  doc: Document | undefined,
  diags: DiagnosticList,
  locate: YamlSource<unknown>['locate'],
  at?: (offset: number) => { file: string; line: number; column: number },
): void {
  const path = pointerToPath(err.instancePath);
  // `oneOf`/`anyOf` repeat the errors of their branches; the branch errors say more.
  if (err.keyword === 'oneOf' || err.keyword === 'anyOf' || err.keyword === 'if') return;
  if (err.keyword === 'additionalProperties') {
    const key = (err.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((err.parentSchema as { properties?: object })?.properties ?? {});
    const hint = didYouMean(key, allowed);
    const parent = doc?.getIn(path, true);
    let pos = locate([...path, key]);
    if (at && isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) pos = { ...at(pair.key.range[0]), field: fieldName([...path, key]) };
    }
    diags.error(`unknown field "${key}"${hint ? `; did you mean "${hint}"?` : ''}`, pos);
    return;
  }
  const where = locate(path);
  let message = err.message ?? 'is not valid';
  if (err.keyword === 'enum') {
    message = `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (err.keyword === 'required') {
    message = `missing required field "${(err.params as { missingProperty: string }).missingProperty}"`;
  } else if (err.keyword === 'type') {
    message = `must be ${(err.params as { type: string }).type}, not ${describe(err.data)}`;
  } else if (err.keyword === 'minimum' || err.keyword === 'maximum') {
    message = `must be at ${err.keyword === 'minimum' ? 'least' : 'most'} ${(err.params as { limit: number }).limit}, not ${String(err.data)}`;
  } else if (err.keyword === 'minItems' || err.keyword === 'maxItems') {
    const limit = (err.params as { limit: number }).limit;
    message = `needs at ${err.keyword === 'minItems' ? 'least' : 'most'} ${limit} item${limit === 1 ? '' : 's'}`;
  } else if (err.keyword === 'maxLength' && typeof err.data === 'string') {
    message = `has ${[...err.data].length} characters, more than the ${(err.params as { limit: number }).limit} it may hold`;
  } else if (err.keyword === 'pattern' && typeof err.parentSchema === 'object' && err.parentSchema) {
    const desc = (err.parentSchema as { description?: string }).description;
    message = `"${String(err.data)}" is not valid${desc ? `: ${desc}` : ''}`;
  }
  diags.error(message, where);
}

function describe(v: unknown): string {
  if (v === null) return 'empty';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan (not a number)' : `${v > 0 ? '' : '-'}.inf (infinity)`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Closest allowed key by edit distance, if it is close enough to be a typo. */
export function didYouMean(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = a;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
