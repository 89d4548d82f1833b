/**
 * The masthead's dates. 农历 against the published tables of the Purple Mountain Observatory's
 * calendar (as printed in every almanac): new years, leap months (闰二月 2023, 闰四月 2020, 闰六月
 * 2025, 闰九月 2014) at their first and last days, and days either side of them.
 */
import { describe, expect, it } from 'vitest';
import { gregorianDate, lunarDate, serialOn } from '../../src/issue/calendar.js';

describe('农历', () => {
  it.each([
    ['2024-10-18', '甲辰年九月十六'],
    ['2024-02-10', '甲辰年正月初一'], // 春节 2024
    ['2024-02-09', '癸卯年腊月三十'], // 除夕
    ['2023-01-22', '癸卯年正月初一'],
    ['2023-03-21', '癸卯年二月三十'], // the day before the leap month
    ['2023-03-22', '癸卯年闰二月初一'],
    ['2023-04-19', '癸卯年闰二月廿九'],
    ['2023-04-20', '癸卯年三月初一'],
    ['2020-05-23', '庚子年闰四月初一'],
    ['2025-07-25', '乙巳年闰六月初一'],
    ['2025-08-22', '乙巳年闰六月廿九'],
    ['2025-08-23', '乙巳年七月初一'],
    ['2014-10-24', '甲午年闰九月初一'],
    ['2000-01-01', '己卯年冬月廿五'],
  ])('%s is %s', (date, lunar) => {
    expect(lunarDate(date)).toBe(lunar);
  });
});

describe('公历 and 总第N期', () => {
  it('writes the date with its weekday', () => {
    expect(gregorianDate('2024-10-18')).toEqual({ date: '2024年10月18日', weekday: '星期五' });
    expect(gregorianDate('2024-02-29')).toEqual({ date: '2024年2月29日', weekday: '星期四' });
  });

  it('counts one issue a day from a known one, across a leap day', () => {
    expect(serialOn('2024-01-01', { date: '2024-01-01', number: 11520 })).toBe(11520);
    expect(serialOn('2024-10-18', { date: '2024-01-01', number: 11520 })).toBe(11520 + 291);
    expect(serialOn('2024-03-01', { date: '2024-02-28', number: 100 })).toBe(102);
  });
});
