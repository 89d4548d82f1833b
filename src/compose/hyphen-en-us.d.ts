/** The `hyphen` package (TeX's hyph-en-us patterns, Liang's algorithm) ships no types. */
declare module 'hyphen/en-us/index.js' {
  const hyphen: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphen;
}
