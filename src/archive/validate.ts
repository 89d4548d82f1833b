/**
 * XML checked against an XML schema by libxml2 compiled to WebAssembly (the libxml2-wasm
 * package), in this thread: no system tool, no network. A schema is compiled once per thread
 * and kept; the files it imports are handed to libxml2 from memory, by the location the schema
 * names them with, so that no catalog is needed and nothing is fetched.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { XmlBufferInputProvider, XmlDocument as Document, XsdValidator } from 'libxml2-wasm';

type LibXml2 = typeof import('libxml2-wasm');
let libxml2: LibXml2 | undefined;

/**
 * Loads libxml2 for schemaErrors, once per thread, by import(): the package is an ES module only,
 * which the export worker's bundle (a CommonJS file, bundle.ts) cannot require.
 */
export async function loadSchemaValidation(): Promise<void> {
  libxml2 ??= await import('libxml2-wasm');
}

/** paiban's ALTO v4 schema, the one `paiban export` checks every ALTO file against. */
export const PAIBAN_ALTO_XSD = fileURLToPath(new URL('../../schema/alto-v4-paiban.xsd', import.meta.url));

export interface XmlSchema {
  /** The main schema file. */
  file: string;
  /** Files it imports: the location as the schema writes it → the file on disk. */
  imports?: Record<string, string>;
}

export interface XmlDocumentText {
  /** The name the complaints give it. */
  name: string;
  text: string;
}

/** Imported schemas in memory, by the location their importers name them with. */
let provided: XmlBufferInputProvider | undefined;
const validators = new Map<string, XsdValidator>();

function validator(libxml2: LibXml2, schema: XmlSchema): XsdValidator {
  const { XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider, XsdValidator } = libxml2;
  const key = JSON.stringify([schema.file, schema.imports ?? {}]);
  let v = validators.get(key);
  if (v) return v;
  for (const [location, file] of Object.entries(schema.imports ?? {})) {
    if (!provided) xmlRegisterInputProvider((provided = new XmlBufferInputProvider({})));
    provided.addBuffer(location, readFileSync(file));
  }
  const doc = XmlDocument.fromBuffer(readFileSync(schema.file), { url: pathToFileURL(schema.file).href });
  try {
    v = XsdValidator.fromDoc(doc);
  } finally {
    doc.dispose();
  }
  validators.set(key, v);
  return v;
}

/**
 * libxml2's complaints about the documents under the schema, one a line as
 * `name:line: message`, or '' when every document is well-formed and valid. After loadSchemaValidation.
 */
export function schemaErrors(schema: XmlSchema, documents: readonly XmlDocumentText[]): string {
  if (!libxml2) throw new Error('schemaErrors: libxml2 is not loaded (loadSchemaValidation)');
  const { XmlDocument, XmlLibError } = libxml2;
  const v = validator(libxml2, schema);
  const found: string[] = [];
  for (const d of documents) {
    let doc: Document | undefined;
    try {
      doc = XmlDocument.fromString(d.text, { url: d.name });
      v.validate(doc);
    } catch (e) {
      if (!(e instanceof XmlLibError)) throw e;
      // The parser's and the validator's errors alike carry their places.
      for (const detail of e.details) found.push(`${d.name}:${detail.line}: ${detail.message.trim()}`);
      if (!e.details.length) found.push(`${d.name}: ${e.message.trim()}`);
    } finally {
      doc?.dispose();
    }
  }
  return found.join('\n');
}
