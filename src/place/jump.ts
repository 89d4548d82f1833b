/**
 * Jump lines (转版): the wording that tells a reader where a story goes on (下转第3版) and
 * where it comes from (上接第1版), filled in from the layout's templates.
 */

const DIGITS = '〇一二三四五六七八九';

/** A page number in Chinese numerals, as papers name pages: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一〇五. */
export function chineseNumber(n: number): string {
  if (n >= 100) return [...String(n)].map((d) => DIGITS[Number(d)]).join('');
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (tens === 0) return DIGITS[units];
  return `${tens > 1 ? DIGITS[tens] : ''}十${units ? DIGITS[units] : ''}`;
}

/** The page a jump line names. */
export interface JumpPage {
  number: number;
  section?: string;
}

/** A template with {page}, {page_cn} and {section} filled in for `page`. */
export function jumpText(template: string, page: JumpPage): string {
  return template.replace(/\{(page|page_cn|section)\}/g, (_, key: string) =>
    key === 'page' ? String(page.number) : key === 'page_cn' ? chineseNumber(page.number) : (page.section ?? String(page.number)),
  );
}
