// V8's flags for the whole process (export's worker threads too), set by bin/paiban.js before
// anything is loaded, and by scripts/bench.mjs for what it times in its own process. Flags of
// the process are the program's to set, not a library's: code that imports paiban (and the
// tests) runs with V8's defaults.
import { setFlagsFromString } from 'node:v8';

export const V8_FLAGS = [
  // WebAssembly as baseline code only (Liftoff), before anything loads HarfBuzz's module
  // (src/fonts/subset.ts). The optimising compiler would work on that 680 KB module in the
  // background and the process wait for it at exit: 100 ms and 36 MB more for a one-page build,
  // to make a warm subset only about 15 % faster (measured).
  '--liftoff-only',
  // JavaScript optimised by TurboFan only after 16 times V8's default of work in a function
  // (67,584 bytes of bytecode run): a build is short, and compiling the functions that were
  // merely warm cost more than running them as baseline code. Measured in one run against the
  // default: the sample page 0.65× the CPU time and 0.80× the instructions, 16-page edition
  // 0.73× CPU, a 19,000-character paragraph 0.84×; turning TurboFan off altogether made that
  // paragraph 1.45× slower.
  `--interrupt-budget=${16 * 67584}`,
];

/**
 * The young generation kept at its first size (two semi-spaces of 1 MB) rather than grown,
 * twofold each time, as objects survive in it. Growing it makes fewer, larger collections, but
 * every page of memory a process touches first is a page fault, and on the machines measured a
 * fault costs some 12 µs: a page's build grew it to 16 MB. Measured on the sample page, in runs
 * interleaved with the default: peak RSS 101 → 91 MiB, 3,000 fewer page faults, 0.95× the wall
 * time. A build of many pages, or a process that rebuilds, collects ten times as often in so
 * small a space (a 16-page edition 1.2× slower): it lets the young generation grow again
 * (`youngGenerationGrows`), and then runs as before.
 */
const YOUNG_GENERATION_KEPT = '--semi-space-growth-factor=1';
/** V8's default: the young generation doubles when it grows. */
const YOUNG_GENERATION_GROWS = '--semi-space-growth-factor=2';

export function setV8Flags() {
  for (const flag of [...V8_FLAGS, YOUNG_GENERATION_KEPT]) setFlagsFromString(flag);
}

/** The young generation grows as V8 grows it by default, from now on. */
export function youngGenerationGrows() {
  setFlagsFromString(YOUNG_GENERATION_GROWS);
}
