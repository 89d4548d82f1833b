// The command line as one CommonJS file, dist/paiban.cjs, with V8's code cache for it,
// dist/paiban.cjs.cache (part of `npm run build`, after tsc), and likewise what an export worker
// runs, dist/export-worker.cjs (from dist/archive/export-job.js). bin/paiban.js and each worker
// run theirs (src/bundle.ts): one file read instead of some 120 modules resolved and loaded, and
// with the cache, functions that the sample page's build (or export) ran are not parsed and
// compiled again (measured: the command's start-up 0.55× in CPU time). A cache that this V8
// rejects is only slower; without a current bundle, dist/'s modules are run.
//
// Left out of a bundle: what the program imports only when it needs it (import(): the commands
// that render or archive, pdf.js, sharp, libxml2), loaded from dist/ or node_modules/ as before,
// and the packages other than the YAML parser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SCHEMA_NAMES } from '../dist/source/yaml-source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** dist/`name`, the bundle of dist/`entry`. */
const bundle = (entry, name) =>
  build({
    entryPoints: [join(dist, entry)],
    outfile: join(dist, name),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        name: 'paiban',
        setup(b) {
          // The YAML parser is in the bundle: every build parses YAML, and its 70 modules were the
          // most of the command's module loading.
          b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(root, 'node_modules/yaml/dist/index.js') }));
          // Each module finds its files (layouts, schemas, packages) from where it lies in dist/, and
          // imports through src/bundle.ts: V8 loses a script's import() callback when it comes from
          // the code cache (Node 20).
          b.onLoad({ filter: /\.js$/ }, (a) => {
            if (!a.path.startsWith(dist)) return undefined;
            const from = JSON.stringify(relative(dist, a.path));
            let contents = readFileSync(a.path, 'utf8')
              .replaceAll('import.meta.url', `__moduleUrl(${from})`)
              .replace(/(?<![\w$.])import\(/g, `__import(${from}, `);
            if (from === '"source/yaml-source.js"') contents = withValidators(contents);
            return { contents, loader: 'js', resolveDir: dirname(a.path) };
          });
        },
      },
    ],
  });

/**
 * The bundle in ASCII: the comments esbuild keeps hold Chinese and marks, and so do the regular
 * expressions and String.raw templates it leaves as written, which made the whole 1.6 MB source a
 * two-byte string for V8 to hash against its code cache and to keep in memory. Every other
 * character becomes a \\u escape: text in a comment, and the character itself in a string, a
 * template, a regular expression, or a String.raw template made into one (copy-text.ts's list
 * markers) — not in a String.raw used as text, which the program has none of, nor after a
 * backslash, which is refused here.
 */
function inAscii(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = /\\[^\0-\x7f]/.exec(text);
  if (escaped) throw new Error(`bundle: ${file} has a backslash before a non-ASCII character (${escaped[0]}), which an escape would change`);
  writeFileSync(file, text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * The schema validators compiled by compile-schemas.mjs, which yaml-source.js requires by name at
 * run time, bundled (and in the code cache) too: compiling their 170 KB took 15–30 ms a build.
 */
function withValidators(contents) {
  const lookup = 'require(`../validators/${name}.cjs`)';
  if (!contents.includes(lookup)) throw new Error(`bundle: source/yaml-source.js no longer loads its validators as ${lookup}`);
  const id = (name) => `${name.replace(/-(.)/g, (_, c) => c.toUpperCase())}Validator`;
  const imports = SCHEMA_NAMES.map((s) => `import ${id(s)} from '../validators/${s}.cjs';`).join('\n');
  return `${imports}\n${contents.replace(lookup, `({ ${SCHEMA_NAMES.map((s) => `'${s}': ${id(s)}`).join(', ')} })[name]`)}`;
}

for (const [entry, name] of [['cli.js', 'paiban.cjs'], ['archive/export-job.js', 'export-worker.cjs']]) {
  await bundle(entry, name);
  inAscii(join(dist, name));
}

// Each cache holds what the command compiled for the sample page, made by the command itself so
// that V8's flags are those it runs with: its build, and its export (the one worker writes its
// cache after the issue).
const out = mkdtempSync(join(tmpdir(), 'paiban-code-cache-'));
const sample = join(root, 'issues/hongyan-weekly');
try {
  for (const [name, args] of [
    ['paiban.cjs', ['build', join(sample, 'issue.yaml'), '-o', out]],
    ['export-worker.cjs', ['export', sample, '-o', out, '--jobs', '1']],
  ]) {
    const run = spawnSync(process.execPath, [join(root, 'bin/paiban.js'), ...args], {
      env: { ...process.env, PAIBAN_WRITE_CODE_CACHE: name },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${args[0]} of the sample page for the code cache of ${name} failed: ${run.stderr}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
