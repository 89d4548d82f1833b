/**
 * Photos for the page: the only module that touches sharp. Crops the picture to its
 * slot around the focus point, resamples it to the print resolution (never up) and
 * returns a CMYK JPEG for embedding.
 */
import type { Sharp, SharpOptions } from 'sharp';
import { readFileSync } from 'node:fs';
import { notRegularFile } from '../files.js';
import { ppiOf } from '../print-limits.js';
import { inMm } from '../units.js';

/** sharp (libvips) is loaded on first use: pages without photos never pay for it. */
let sharpModule: ((input?: string | Buffer, options?: SharpOptions) => Sharp) | undefined;
async function sharp(input: string | Buffer, options?: SharpOptions): Promise<Sharp> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule(input, options);
}

/** Largest picture we decode, in pixels: a guard against decompression bombs. */
const MAX_PIXELS = 100_000_000;

/**
 * How every photo is opened, by the check before the page is written and by the embedding alike:
 * strictly (libvips' `failOn: 'warning'`), so that a picture the check lets through — a PNG with a
 * bad checksum, a JPEG whose header promises more data than it has — cannot fail the embedding.
 */
const READ_OPTIONS: SharpOptions = { limitInputPixels: MAX_PIXELS, failOn: 'warning' };

/**
 * A photo read once before the page is written: why it cannot be used (unreadable, not an
 * image, too large), or the resolution it prints at in a slot of this size, cropped to fill it.
 */
export async function inspectPicture(file: string, widthPt: number, heightPt: number, framing: Framing = CENTRED): Promise<{ problem: string } | { ppi: number; uncovered?: string }> {
  try {
    const notFile = notRegularFile(file);
    if (notFile) return { problem: notFile };
    const image = await sharp(file, READ_OPTIONS);
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return { problem: 'has no size' };
    if (!['jpeg', 'png', 'tiff', 'webp'].includes(meta.format ?? '')) return { problem: `is ${meta.format ?? 'of an unknown format'}, not JPEG, PNG, TIFF or WebP` };
    if (meta.width * meta.height > MAX_PIXELS) return { problem: `has ${meta.width}×${meta.height} pixels, more than ${MAX_PIXELS}` };
    // Decoded once, whole and as strictly as the embedding reads it, so that a truncated or damaged
    // file is caught here and not while writing the page (shrink-on-load would skip a JPEG's damage).
    await (await sharp(file, READ_OPTIONS)).resize(64, 64, { fit: 'inside', fastShrinkOnLoad: false }).toBuffer();
    const w = meta.autoOrient?.width ?? meta.width;
    const h = meta.autoOrient?.height ?? meta.height;
    // The pixels that print: a crop, or a scale past filling the slot, prints fewer of them at the same size.
    const region = regionOf(w, h, widthPt, heightPt, { ...framing, focus: [0.5, 0.5] });
    return { ppi: ppiOf(region.width, widthPt), ...(region.uncovered && { uncovered: region.uncovered }) };
  } catch (e) {
    return { problem: `cannot be read as an image (${(e as Error).message.split('\n')[0]})` };
  }
}

/** Effective resolution we resample to, in pixels per inch at the printed size. */
const TARGET_PPI = 200;

export interface PictureOptions {
  /** CMYK output profile that colour photos are converted to. */
  profile: string;
  /** Greyscale photos stay grey (DeviceGray, printed on the black plate alone). */
  grayAsBlack: boolean;
}

/** A crop of the picture: [left, top, right, bottom] as shares of its width and height. */
export type Crop = [number, number, number, number];

/**
 * The pixels printed in a slot of `aspect` (width over height): the largest region of that shape
 * inside the editor's crop (the whole picture without one), centred on the focus point as far as
 * the crop allows.
 */
export function printedRegion(srcW: number, srcH: number, aspect: number, focus: [number, number], crop: Crop = [0, 0, 1, 1]) {
  const x0 = Math.round(crop[0] * srcW);
  const y0 = Math.round(crop[1] * srcH);
  const w = Math.max(1, Math.round(crop[2] * srcW) - x0);
  const h = Math.max(1, Math.round(crop[3] * srcH) - y0);
  const width = Math.max(1, Math.min(w, Math.round(h * aspect)));
  const height = Math.max(1, Math.min(h, Math.round(width / aspect)));
  const left = x0 + clamp(Math.round(focus[0] * srcW - x0 - width / 2), 0, w - width);
  const top = y0 + clamp(Math.round(focus[1] * srcH - y0 - height / 2), 0, h - height);
  return { left, top, width, height };
}

/**
 * A picture scaled and moved in its slot: `scale` 1 is the size at which it just covers the slot
 * (as the crop around a focus fills it), 1.2 a fifth larger; `offset` moves it right and down,
 * in points, from the middle.
 */
export interface Scaling {
  scale: number;
  offset: [number, number];
}

/** How a picture fills its slot: the largest region around a focus point (inside an editor's crop), or scaled and moved. */
export interface Framing {
  focus: [number, number];
  crop?: Crop;
  scaling?: Scaling;
}

const CENTRED: Framing = { focus: [0.5, 0.5] };

/**
 * The pixels printed in a slot of `widthPt` × `heightPt` (whole pixels inside the picture), and,
 * for a picture scaled and moved, which side of the slot it would leave uncovered.
 */
export function regionOf(srcW: number, srcH: number, widthPt: number, heightPt: number, framing: Framing): ReturnType<typeof printedRegion> & { uncovered?: string } {
  const scaling = framing.scaling;
  if (!scaling) return printedRegion(srcW, srcH, widthPt / heightPt, framing.focus, framing.crop);
  const ptPerPixel = Math.max(widthPt / srcW, heightPt / srcH) * scaling.scale;
  const [w, h] = [widthPt / ptPerPixel, heightPt / ptPerPixel];
  const left = srcW / 2 - scaling.offset[0] / ptPerPixel - w / 2;
  const top = srcH / 2 - scaling.offset[1] / ptPerPixel - h / 2;
  // Half a pixel either way is rounding, not a gap.
  const spare = { x: ((srcW - w) / 2) * ptPerPixel, y: ((srcH - h) / 2) * ptPerPixel };
  const pct = `${+(scaling.scale * 100).toFixed(1)} %`;
  const shown = (pt: number) => `${+inMm(Math.max(0, pt)).toFixed(1)} mm`;
  let uncovered: string | undefined;
  if (scaling.scale < 1 - 1e-9) uncovered = `at ${pct} the picture does not cover its slot: 100 % is the least that does`;
  else {
    // Moved one way (plus: right or down), the picture uncovers the slot's edge on the other side.
    const over = (value: number, room: number, ways: [plus: string, minus: string], edges: [plus: string, minus: string]) =>
      Math.abs(value) > room + 0.5 * ptPerPixel
        ? `moved ${shown(Math.abs(value))} ${ways[value > 0 ? 0 : 1]}, the picture at ${pct} leaves ${shown(Math.abs(value) - room)} of the slot's ${edges[value > 0 ? 0 : 1]} uncovered: it has ${shown(room)} to spare each way`
        : undefined;
    uncovered = over(scaling.offset[0], spare.x, ['right', 'left'], ['left side', 'right side']) ?? over(scaling.offset[1], spare.y, ['down', 'up'], ['top', 'foot']);
  }
  const width = Math.max(1, Math.min(srcW, Math.round(w)));
  const height = Math.max(1, Math.min(srcH, Math.round(h)));
  return { left: clamp(Math.round(left), 0, srcW - width), top: clamp(Math.round(top), 0, srcH - height), width, height, ...(uncovered && { uncovered }) };
}

export async function pictureData(file: string, widthPt: number, heightPt: number, framing: Framing, options: PictureOptions): Promise<Buffer> {
  const image = (await sharp(file, READ_OPTIONS)).rotate();
  const meta = await image.metadata();
  const srcW = (meta.autoOrient?.width ?? meta.width) || 1;
  const srcH = (meta.autoOrient?.height ?? meta.height) || 1;
  const aspect = widthPt / heightPt;
  const region = regionOf(srcW, srcH, widthPt, heightPt, framing);
  const targetW = Math.min(region.width, Math.round((widthPt / 72) * TARGET_PPI));
  const targetH = Math.max(1, Math.round(targetW / aspect));
  const cropped = image.extract(region).resize(targetW, targetH);
  const gray = (meta.channels ?? 3) <= 2 || meta.space === 'b-w';
  if (gray && options.grayAsBlack) return cropped.toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
  return (
    cropped
      // Converted to the plant's CMYK profile; the profile itself goes in the OutputIntent, not in each photo.
      .withIccProfile(options.profile, { attach: false })
      .toColourspace('cmyk')
      .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
      .toBuffer()
  );
}

/** An image's size in pixels (as it stands upright) and colour space, read as strictly as photos are. */
export async function imageFacts(file: string): Promise<{ width: number; height: number; space: string } | { problem: string }> {
  const found = await inspectPicture(file, 1, 1);
  if ('problem' in found) return found;
  const meta = await (await sharp(file, READ_OPTIONS)).metadata();
  return { width: meta.autoOrient?.width ?? meta.width!, height: meta.autoOrient?.height ?? meta.height!, space: meta.space ?? 'srgb' };
}

/**
 * An advertisement's image, whole (never cropped): a CMYK JPEG as the advertiser made it (its
 * separations are the proofed ones), anything else resampled to the print resolution (never up)
 * and converted to the output profile as photos are.
 */
export async function adImageData(file: string, widthPt: number, options: PictureOptions): Promise<Buffer> {
  const image = (await sharp(file, READ_OPTIONS)).rotate();
  const meta = await image.metadata();
  if (meta.format === 'jpeg' && meta.space === 'cmyk') return readFileSync(file);
  const srcW = (meta.autoOrient?.width ?? meta.width) || 1;
  const resized = image.resize({ width: Math.min(srcW, Math.round((widthPt / 72) * TARGET_PPI)) });
  if (meta.space === 'cmyk') return resized.pipelineColourspace('cmyk').toColourspace('cmyk').jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
  const gray = (meta.channels ?? 3) <= 2 || meta.space === 'b-w';
  if (gray && options.grayAsBlack) return resized.toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
  return resized.withIccProfile(options.profile, { attach: false }).toColourspace('cmyk').jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Highest total ink of any pixel of a CMYK JPEG, 0–4 (2.4 = 240 %). Kept in CMYK all the way
 * (sharp would otherwise hand back sRGB); libvips undoes the inversion of Adobe CMYK JPEGs
 * itself, as PDF's Decode [1 0 …] does.
 */
export async function cmykInk(jpeg: Buffer): Promise<number> {
  const { data, info } = await (await sharp(jpeg)).pipelineColourspace('cmyk').toColourspace('cmyk').raw().toBuffer({ resolveWithObject: true });
  let max = 0;
  for (let i = 0; i + 3 < data.length; i += info.channels) max = Math.max(max, data[i] + data[i + 1] + data[i + 2] + data[i + 3]);
  return max / 255;
}

/**
 * A rendered page's pixels (RGBA or RGB, row by row) as a PNG or a JPEG, for previews: the same pixels
 * give the same bytes. PNG at zlib level 1: a broadsheet page at 100 dpi in 17 ms of CPU against
 * 29 at level 3 and 45 at the default 6, for 20 % more bytes (1.63 MB against 1.36 and 1.34).
 */
export async function encodeRaster(pixels: Uint8Array, width: number, height: number, format: 'png' | 'jpeg', channels: 3 | 4 = 4): Promise<Buffer> {
  const raw = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), { raw: { width, height, channels } });
  const image = channels === 4 ? raw.removeAlpha() : raw;
  return (format === 'jpeg' ? image.jpeg({ quality: 85 }) : image.png({ compressionLevel: 1 })).toBuffer();
}

/** An image file (a rendered page) scaled to `height` pixels high, as RGBA pixels: for contact sheets, without decoding it whole into memory that stays. */
export async function scaledPixels(file: string, height: number): Promise<{ pixels: Uint8Array; width: number; height: number }> {
  const { data, info } = await (await sharp(file)).resize({ height }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}
