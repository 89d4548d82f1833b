import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes files into a fresh temporary folder and returns its path. */
export function issueDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A small valid issue: one tabloid page with one auto-placed article. */
export const SMALL_ISSUE = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: story
        headline: 测试标题
        body: |
          第一段正文，用来检验排版。
          ## 小标题
          第二段正文。
`;

/** An issue of one tabloid page holding one story in one column, its body the paragraphs given. */
export const oneColumnStory = (paragraphs: readonly string[]) => `paper: 测试日报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    articles:
      - id: story
        headline: 测试标题
        columns: 1
        body: |
${paragraphs.map((p) => `          ${p}`).join('\n')}
`;
