import { describe, expect, it } from 'vitest';
import { isPinyin } from '../../src/chars/pinyin.js';

describe('pinyin words', () => {
  it.each(['Jiawen', 'Lin', 'Zhangjiang', 'Xiong', 'Chongqing', 'Shuangliu', 'nüer'.replace('ü', 'v')])('%s reads as pinyin', (w) => expect(isPinyin(w)).toBe(true));
  it.each(['Internationalization', 'Pneumonoultramicroscopic', 'Supercalifragilistic', 'Microsoft', 'Delft', 'Amsterdam'])('%s does not', (w) => expect(isPinyin(w)).toBe(false));
});
