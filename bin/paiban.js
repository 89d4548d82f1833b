#!/usr/bin/env node
// V8 runs WebAssembly as baseline code only (Liftoff), set here, for the whole process (export's
// worker threads too), before anything loads HarfBuzz's module (src/fonts/subset.ts). The
// optimising compiler would work on that 680 KB module in the background and the process wait
// for it at exit: 100 ms and 36 MB more for a one-page build, to make a warm subset only about
// 15 % faster (measured). A flag of the process is the program's to set, not a library's:
// code that imports paiban (and the tests) runs with V8's defaults.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');

// The compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
