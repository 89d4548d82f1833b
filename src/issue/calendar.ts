/**
 * The date as a masthead prints it: 公历 with 星期, and 农历 (the Chinese lunisolar
 * date, from lunar-javascript, which computes new moons and solar terms astronomically and so
 * holds for any year, leap months included); and 总第N期 counted by days.
 */
import { createRequire } from 'node:module';

export const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** An ISO date (YYYY-MM-DD) as a UTC day. */
export function isoDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

interface LunarDay {
  getYearInGanZhi(): string;
  getMonthInChinese(): string;
  getDayInChinese(): string;
}
type SolarClass = { fromYmd(y: number, m: number, d: number): { getLunar(): LunarDay } };

/** Loaded on first use (30 ms): only a page with a masthead needs it. */
let solar: SolarClass | undefined;

/** 农历 of a date: 甲辰年九月十六, 癸卯年闰二月初一. */
export function lunarDate(date: string): string {
  solar ??= (createRequire(import.meta.url)('lunar-javascript') as { Solar: SolarClass }).Solar;
  const day = isoDay(date);
  const lunar = solar.fromYmd(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()).getLunar();
  return `${lunar.getYearInGanZhi()}年${lunar.getMonthInChinese()}月${lunar.getDayInChinese()}`;
}

/** The date as printed: 2024年10月18日, and its weekday. */
export function gregorianDate(date: string): { date: string; weekday: string } {
  const day = isoDay(date);
  return { date: `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`, weekday: WEEKDAYS[day.getUTCDay()] };
}

/** 总第N期 of a daily paper on `date`, counted one a day from a known issue. */
export function serialOn(date: string, base: { date: string; number: number }): number {
  return base.number + Math.round((isoDay(date).getTime() - isoDay(base.date).getTime()) / 86_400_000);
}
