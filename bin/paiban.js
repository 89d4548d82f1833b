#!/usr/bin/env node
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { setV8Flags } from './v8-flags.js';

// Before anything is loaded: bin/v8-flags.js says which and why.
setV8Flags();

// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script), also as one
// file with V8's code cache for it (scripts/bundle.mjs), run unless tsc has compiled since.
const dist = new URL('../dist/', import.meta.url);
const bundle = new URL('paiban.cjs', dist);
const codeCache = new URL('paiban.cjs.cache', dist);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
/** The bundle as V8 compiled it, when it runs. */
let script;
const { main } = mtime(bundle) >= mtime(new URL('cli.js', dist)) ? runBundle() : await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
// scripts/bundle.mjs has the sample page built so, to keep what V8 compiled for it.
if (process.env.PAIBAN_WRITE_CODE_CACHE) writeFileSync(codeCache, script.createCachedData());

/** The bundle's exports, run as a CommonJS module of dist/, its import() resolved from there. */
function runBundle() {
  let cachedData;
  try {
    if (!process.env.PAIBAN_WRITE_CODE_CACHE) cachedData = readFileSync(codeCache);
  } catch {
    // No cache: V8 compiles as it goes.
  }
  script = new Script(`(function (exports, require, module, __filename, __dirname, __moduleUrl, __import) {${readFileSync(bundle, 'utf8')}\n})`, {
    filename: fileURLToPath(bundle),
    cachedData,
  });
  const module = { exports: {} };
  // What import.meta.url and import() are to the module at `from` (a path in dist/).
  const moduleUrl = (from) => new URL(from, dist).href;
  const importFrom = (from, specifier) => import(specifier.startsWith('.') ? new URL(specifier, moduleUrl(from)).href : specifier);
  script.runInThisContext()(module.exports, createRequire(bundle), module, fileURLToPath(bundle), fileURLToPath(dist), moduleUrl, importFrom);
  return module.exports;
}
