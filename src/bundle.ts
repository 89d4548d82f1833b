/**
 * A bundle of dist/ (scripts/bundle.mjs: one CommonJS file with V8's code cache for it) run in
 * place of the modules it was made from: one file read instead of some 120 modules resolved and
 * loaded, and the functions the cache holds neither parsed nor compiled again. The command line
 * (bin/paiban.js) and each export worker (archive/worker.ts) start from one.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dist = new URL('./', import.meta.url);

/** The bundle's text wrapped as a CommonJS module is, with its two stand-ins for import.meta.url and import(). */
type BundleFunction = (exports: unknown, require: NodeRequire, module: { exports: unknown }, filename: string, dirname: string, moduleUrl: (from: string) => string, importFrom: (from: string, specifier: string) => Promise<unknown>) => void;

export interface LoadedBundle<T> {
  exports: T;
  /** Writes V8's code cache of the bundle as it stands: what has run so far is compiled in it. */
  writeCodeCache(): void;
}

/**
 * The exports of dist/`name`, the bundle of dist/`entry`; undefined when there is no bundle, or
 * tsc has compiled the entry since it was made (it would run old code). A cache that this V8
 * rejects is only slower. While the environment's PAIBAN_WRITE_CODE_CACHE names this bundle,
 * its cache is neither read nor trusted: the caller is about to write it anew.
 */
export function loadBundle<T>(name: string, entry: string): LoadedBundle<T> | undefined {
  const bundle = new URL(name, dist);
  const codeCache = new URL(`${name}.cache`, dist);
  const mtime = (url: URL) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  if (mtime(bundle) < 0 || mtime(bundle) < mtime(new URL(entry, dist))) return undefined;
  let cachedData: Buffer | undefined;
  try {
    if (process.env.PAIBAN_WRITE_CODE_CACHE !== name) cachedData = readFileSync(codeCache);
  } catch {
    // No cache: V8 compiles as it goes.
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __moduleUrl, __import) {${readFileSync(bundle, 'utf8')}\n})`, {
    filename: fileURLToPath(bundle),
    cachedData,
  });
  const module = { exports: {} as T };
  // What import.meta.url and import() are to the module at `from` (a path in dist/): V8 loses a
  // script's import() callback when it comes from the code cache (Node 20), so the bundle's
  // import() calls come here.
  const moduleUrl = (from: string) => new URL(from, dist).href;
  const importFrom = (from: string, specifier: string) => import(specifier.startsWith('.') ? new URL(specifier, moduleUrl(from)).href : specifier);
  (script.runInThisContext() as BundleFunction)(module.exports, createRequire(bundle), module, fileURLToPath(bundle), fileURLToPath(dist), moduleUrl, importFrom);
  return { exports: module.exports, writeCodeCache: () => writeFileSync(codeCache, script.createCachedData()) };
}
