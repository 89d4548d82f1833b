/**
 * Headless Chromium for the browser tests, driven by playwright-core; no browser is downloaded.
 *
 * By default the browser is the one inside the npm package @sparticuz/chromium (a
 * chrome-headless-shell build, brotli-compressed in the package): unpacked once per version into
 * node_modules/.cache/, with the few system libraries it needs (NSS, NSPR, expat) from the same
 * package, so that `npm ci` is all a machine needs. PAIBAN_CHROMIUM=/usr/bin/chromium (any
 * Chromium's executable) uses that browser instead.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const ROOT = join(import.meta.dirname, '../..');

/**
 * As root, without a sandbox; without the background-networking flags Chromium keeps trying to
 * reach Google's hosts, which this machine's closed network refuses.
 */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Regular files of a tar archive, by name. */
function untar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(header.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    if (type === '0' || type === '\0') files.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * The packaged browser, unpacked: its executable and the folder of the libraries it links. The
 * package unpacks into os.tmpdir(), so TMPDIR names a fresh folder of our own while it does;
 * that folder is renamed into place only when complete, so that a run cut short leaves nothing
 * half written to be taken for a browser.
 */
async function packagedChromium(): Promise<{ executable: string; libraries: string }> {
  const require = createRequire(import.meta.url);
  const pkg = dirname(dirname(dirname(require.resolve('@sparticuz/chromium'))));
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const cache = join(ROOT, 'node_modules', '.cache');
  const dir = join(cache, `paiban-chromium-${version}`);
  const found = { executable: join(dir, 'chromium'), libraries: join(dir, 'al2023', 'lib') };
  if (existsSync(found.executable)) return found;

  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `paiban-chromium-${version}.partial-`));
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = work;
    let unpacking: Promise<string>;
    try {
      // The package decides where every file goes as the call starts, before its first await.
      unpacking = Chromium.executablePath();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    const executable = await unpacking;
    if (executable !== join(work, 'chromium')) throw new Error(`@sparticuz/chromium unpacked its browser to ${executable}, not into ${work}`);
    // The libraries it brings for Amazon Linux, which a machine without NSS needs as well.
    for (const [name, data] of untar(brotliDecompressSync(readFileSync(join(pkg, 'bin', 'al2023.tar.br'))))) {
      mkdirSync(dirname(join(work, 'al2023', name)), { recursive: true });
      writeFileSync(join(work, 'al2023', name), data);
    }
    try {
      renameSync(work, dir);
    } catch (e) {
      // Another run put it in place first.
      if (!existsSync(found.executable)) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return found;
}

/**
 * A fontconfig file for the packaged browser: the machine's fonts where it has a fontconfig, and
 * the repository's own (Noto CJK), so that Chinese text shows on any machine.
 */
function fontConfig(dir: string): string {
  const file = join(dir, 'fonts.conf');
  const xml = (path: string) => path.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${xml(join(ROOT, 'fonts'))}</dir>\n  <cachedir>${xml(join(dir, 'fontconfig-cache'))}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/** Launches headless Chromium: PAIBAN_CHROMIUM's when it names one, else the packaged one. */
export async function launchChromium(): Promise<Browser> {
  const chosen = process.env.PAIBAN_CHROMIUM;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`PAIBAN_CHROMIUM names ${chosen}, which is not there`);
    return chromium.launch({ executablePath: chosen, args: ['--headless', ...ARGS] });
  }
  const { executable, libraries } = await packagedChromium();
  const inherited = process.env.LD_LIBRARY_PATH;
  return chromium.launch({
    executablePath: executable,
    args: ARGS,
    env: { ...process.env, LD_LIBRARY_PATH: inherited ? `${libraries}:${inherited}` : libraries, FONTCONFIG_FILE: fontConfig(dirname(executable)) },
  });
}
