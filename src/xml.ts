/**
 * Text as XML character data or an attribute value (XMP, ALTO). Characters XML 1.0 cannot hold at
 * all, even escaped — C0 controls but tab and line ends, U+FFFE, U+FFFF, lone surrogates — become
 * U+FFFD: copy is cleaned of them as it is read, but a name from the file system may still hold one.
 */
export const xmlEscape = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
