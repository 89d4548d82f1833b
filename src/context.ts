/**
 * A build context: what a running paiban keeps from one build to the next. The caller makes
 * one and hands it down — the command line one per process, `watch` one for the whole session,
 * each export worker one, a test as many as it likes — and nothing is shared between two.
 *
 * Whatever is made from files (a font read, a layout, a font cut down for embedding) records
 * the stamp of every file it was made from (files.ts: size and time) and is used again while
 * every one of those files still has that stamp; otherwise it is made again. That one rule is
 * StampedCache.
 */
import { StampedCache } from './files.js';
import type { FontFile } from './fonts/font-set.js';
import { Subsetter } from './fonts/subset.js';
import type { Layout } from './layout/model.js';
import type { ArtworkFacts } from './pdf/artwork.js';
import { PlacementCache } from './place/page.js';
import { CompositionCache } from './place/typeset.js';
import { WrittenPages } from './pdf/emit.js';
import type { YamlSources } from './source/yaml-source.js';

export interface BuildContextOptions {
  /**
   * The context serves one build only (the command line's `build`; buildIssue and composeIssue
   * without a context): no composition is kept once set, as no rebuild will ask for it again
   * (planning a page of `makeup: auto` keeps them: it sets each text many times).
   * Kept, a paragraph's composition outlives a few collections of V8's young generation and is
   * moved to the old one, which grows with garbage: the 16-page edition's cold build peaked at
   * 225–232 MiB with compositions kept, 184–189 MiB without, in the same CPU time (measured).
   */
  once?: boolean;
}

export class BuildContext {
  /**
   * Font files read, by file and collection member, each with its faces by role: valid while
   * the font file is unchanged.
   */
  readonly fonts = new StampedCache<FontFile>();
  /** Issue files read and checked, by file: valid while the file is unchanged (a rebuild after a copy edit parses no YAML). */
  readonly sources: YamlSources = new StampedCache();
  /** Layouts read, by file: valid while the layout file and every font its styles use are unchanged. */
  readonly layouts = new StampedCache<Layout>();
  /**
   * Texts composed, by their whole setting and text; the least recently used are dropped beyond
   * about 60,000 characters (none kept in a context for one build). Settings name faces, so a
   * font read again gives new keys.
   */
  readonly compositions: CompositionCache;
  /**
   * What the font cutters read of each font file, HarfBuzz for the rare face they refuse (made
   * on first use), the last subset of each font file (valid while the file is unchanged) and
   * their compressed programs.
   */
  readonly subsetter = new Subsetter();
  /**
   * The last build's placement: each article's setting, the frames found for articles placed
   * automatically, each page's furniture, and the page models, each kept under a key written
   * from everything it reads (place/page.ts), so that a rebuild sets only what changed.
   */
  readonly placements = new PlacementCache();
  /**
   * What the last build wrote of each page: its content stream, and for a PDF per page the file
   * with what it was written from and its stamp, and the font subsets it embeds (pdf/emit.ts).
   */
  readonly written = new WrittenPages();
  /**
   * Advertisements and logos read and preflighted, by file, the size they print at and the ink
   * limit: valid while the file is unchanged (a CMYK JPEG's ink is measured on every pixel).
   */
  readonly artworks = new StampedCache<ArtworkFacts | { problem: string }>();

  constructor(options: BuildContextOptions = {}) {
    this.compositions = new CompositionCache(options.once ? 0 : undefined);
  }
}
