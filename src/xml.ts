/** Text as XML character data or an attribute value (XMP, ALTO). */
export const xmlEscape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
