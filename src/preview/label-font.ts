/**
 * The face for labels drawn on previews (article ids, line numbers, page numbers): the
 * bundled sans, because a fresh machine may have no system fonts at all.
 */
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';

export const LABEL_FONT = 'paiban label';
GlobalFonts.registerFromPath(fileURLToPath(new URL('../../fonts/NotoSansCJKsc-Medium.otf', import.meta.url)), LABEL_FONT);
