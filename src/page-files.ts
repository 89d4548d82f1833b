/**
 * Names of the files a plant receives, one PDF per page, from a pattern: {name} (the issue's
 * name), {date} (its date, 2024-10-18), {yyyymmdd} (20241018), {section} (the page's section)
 * and {page}, with a width to pad it with zeros: {page:02} gives 03.
 */

/** The default: the name and the page number in two digits, e.g. evening-edition-03.pdf. */
export const DEFAULT_PAGE_FILES = '{name}-{page:02}.pdf';

export interface PageFileValues {
  name: string;
  date: string;
  page: number;
  section?: string;
}

const FIELD = /\{(name|date|yyyymmdd|section|page)(?::0(\d))?\}/g;

/** Why a pattern cannot name the pages' files, or null if it can. */
export function pageFilesProblem(pattern: string): string | null {
  const rest = pattern.replace(FIELD, '');
  if (/[{}]/.test(rest)) return `"${pattern}" has a field paiban does not know; it knows {name}, {date}, {yyyymmdd}, {section}, {page} and {page:0N}`;
  if (![...pattern.matchAll(FIELD)].some((m) => m[1] === 'page')) return `"${pattern}" has no {page}: every page would go to the same file`;
  if (/[/\\]/.test(rest) || !/\.pdf$/i.test(pattern)) return `"${pattern}" must name a .pdf file in the output folder, without a folder of its own`;
  return null;
}

/** The file name of one page; a section is made safe to stand in a file name. */
export function pageFileName(pattern: string, v: PageFileValues): string {
  return pattern.replace(FIELD, (_, field: string, width?: string) => {
    switch (field) {
      case 'page':
        return String(v.page).padStart(width ? Number(width) : 0, '0');
      case 'name':
        return v.name;
      case 'date':
        return v.date;
      case 'yyyymmdd':
        return v.date.replace(/-/g, '');
      default:
        return (v.section ?? '').replace(/[/\\:*?"<>|\s]+/g, '_');
    }
  });
}
