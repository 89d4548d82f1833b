#!/usr/bin/env node
import { setV8Flags, youngGenerationGrows } from './v8-flags.js';

// Before anything is loaded: bin/v8-flags.js says which and why.
setV8Flags();

// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script), also as one
// file with V8's code cache for it (scripts/bundle.mjs, dist/bundle.js), run unless tsc has
// compiled since.
const { loadBundle } = await import('../dist/bundle.js');
const bundle = loadBundle('paiban.cjs', 'cli.js');
const { main } = bundle?.exports ?? (await import('../dist/cli.js'));

// The commands that run on (watch, export's pool) let the young generation grow, and so does a
// build, check or preview of more than one page; only once the bundle is loaded, since V8 takes its code cache only
// under the flags it was made with.
const argv = process.argv.slice(2);
if (argv[0] === 'watch' || argv[0] === 'export') youngGenerationGrows();
const hooks = { issueLoaded: (pages) => pages > 1 && youngGenerationGrows() };

process.exitCode = await main(argv, hooks);
// scripts/bundle.mjs has the sample page built so, to keep what V8 compiled for it.
if (process.env.PAIBAN_WRITE_CODE_CACHE === 'paiban.cjs') bundle.writeCodeCache();
