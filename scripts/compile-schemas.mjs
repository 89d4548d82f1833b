// Compiles the JSON Schemas in schema/ to standalone JavaScript validators in dist/validators/,
// so that a run of paiban does not compile them again (part of `npm run build`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, SCHEMA_NAMES, schemaFor } from '../dist/source/yaml-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/validators`, { recursive: true });
for (const name of SCHEMA_NAMES) {
  const schema = schemaFor(name, (file) => readFileSync(`${root}schema/${file}`, 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  writeFileSync(`${root}dist/validators/${name}.cjs`, standaloneCode.default(ajv, ajv.compile(schema)));
}
