import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type Diagnostic } from '../../src/diagnostics.js';
import { loadIssue } from '../../src/issue/load-issue.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

function errorsOf(files: Record<string, string>): Diagnostic[] {
  const dir = issueDir(files);
  try {
    loadIssue(join(dir, 'issue.yaml'));
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  return [];
}

describe('loading an issue file', () => {
  it('reads a valid issue and its copy', () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const { issue } = loadIssue(join(dir, 'issue.yaml'));
    expect(issue.pages[0].articles[0].blocks.map((b) => b.kind)).toEqual(['paragraph', 'heading', 'paragraph']);
  });

  it('keeps the line breaks of a byline (a | block or "\\n")', () => {
    const quoted = SMALL_ISSUE.replace('headline: 测试标题', 'headline: 测试标题\n        byline: "来源：新华社\\n记者 王某"');
    const block = SMALL_ISSUE.replace('headline: 测试标题', 'headline: 测试标题\n        byline: |\n          □本报记者 张三\n          实习生 李四');
    expect(loadIssue(join(issueDir({ 'issue.yaml': quoted }), 'issue.yaml')).issue.spec.pages[0].articles[0].byline).toBe('来源：新华社\n记者 王某');
    const spec = loadIssue(join(issueDir({ 'issue.yaml': block }), 'issue.yaml')).issue.spec.pages[0].articles[0];
    expect(spec.byline).toBe('□本报记者 张三\n实习生 李四');
  });

  it('reads an issue file whose lines end in CR alone (old Mac editors), with its lines counted', () => {
    const cr = SMALL_ISSUE.replace(/\n/g, '\r');
    const { issue } = loadIssue(join(issueDir({ 'issue.yaml': cr }), 'issue.yaml'));
    expect(issue.pages[0].articles[0].blocks.map((b) => b.kind)).toEqual(['paragraph', 'heading', 'paragraph']);
    const [e] = errorsOf({ 'issue.yaml': cr.replace('headline:', 'headlin:') });
    expect([e.line, e.message]).toEqual([8, 'unknown field "headlin"; did you mean "headline"?']);
  });

  it('reports a YAML syntax error with its line', () => {
    const [e] = errorsOf({ 'issue.yaml': 'paper: 测试日报\ndate: [2024\npages: []\n' });
    expect(e.message).toMatch(/YAML syntax/);
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('reports an unknown field with its line and a suggestion', () => {
    const [e] = errorsOf({ 'issue.yaml': SMALL_ISSUE.replace('headline: 测试标题', 'headlne: 测试标题') });
    expect(e).toMatchObject({ severity: 'error', line: 8, field: 'pages[0].articles[0].headlne' });
    expect(e.message).toBe('unknown field "headlne"; did you mean "headline"?');
  });

  it('reports a value of the wrong type with its field', () => {
    const [e] = errorsOf({ 'issue.yaml': SMALL_ISSUE.replace('number: 1', 'number: one') });
    expect(e).toMatchObject({ line: 5, field: 'pages[0].number' });
    expect(e.message).toMatch(/must be integer/);
  });

  it('reports a missing body file with the field that names it', () => {
    const text = SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: missing.md\n');
    const [e] = errorsOf({ 'issue.yaml': text });
    expect(e).toMatchObject({ line: 9, field: 'pages[0].articles[0].body_file' });
    expect(e.message).toBe('body file "missing.md" not found');
  });

  it('reports a page number given twice', () => {
    const twice = SMALL_ISSUE.replace(/(  - number: 1[\s\S]*)$/, (page) => `${page}${page.replace('id: story', 'id: other')}`);
    const [e] = errorsOf({ 'issue.yaml': twice });
    expect(e.message).toBe('page number 1 is used twice');
    expect(e.field).toBe('pages[1].number');
  });

  it('refuses copy files outside the issue folder', () => {
    const text = SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: ../../etc/passwd\n');
    expect(errorsOf({ 'issue.yaml': text })[0].message).toMatch(/outside the issue's folder/);
  });

  it('reads GB 18030 copy with a warning, and rejects other bytes that are not UTF-8 with their offset', () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: gbk.txt\n') });
    writeFileSync(join(dir, 'gbk.txt'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]));
    const { issue, warnings } = loadIssue(join(dir, 'issue.yaml'));
    expect(issue.pages[0].articles[0].blocks).toEqual([{ kind: 'paragraph', text: '中文', line: 0 }]);
    expect(warnings[0].message).toBe('body file "gbk.txt" is not UTF-8; read as GB 18030 (set encoding: gb18030 to say so)');
    writeFileSync(join(dir, 'gbk.txt'), Buffer.from('caf\xe9 au lait\n', 'latin1'));
    expect(() => loadIssue(join(dir, 'issue.yaml'))).toThrow(/gbk\.txt" is not valid UTF-8 \(nor GB 18030 Chinese text\): bad byte at offset 3, line 1/);
  });

  it('warns of invisible characters it removes, naming the copy file and line', () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: story.md\n'), 'story.md': '第一段。\r\n第\u200B二段。\r\n' });
    const { issue, warnings } = loadIssue(join(dir, 'issue.yaml'));
    expect(issue.pages[0].articles[0].blocks.map((b) => b.text)).toEqual(['第一段。', '第二段。']);
    expect(warnings).toEqual([
      { severity: 'warning', message: 'removed 1 invisible or control character (U+200B)', file: join(dir, 'story.md'), line: 2, field: 'pages[0].articles[0].body_file' },
    ]);
  });

  it('finds the line of inline copy in a | block, and of a one-line field', () => {
    const text = SMALL_ISSUE.replace('headline: 测试标题', 'headline: "测试\\u200D标题"').replace('第二段正文。', '第二段\u0007正文。');
    const { issue, warnings } = loadIssue(join(issueDir({ 'issue.yaml': text }), 'issue.yaml'));
    expect(issue.pages[0].articles[0].spec.headline).toBe('测试标题');
    expect(warnings.map((w) => [w.line, w.field, w.message])).toEqual([
      [8, 'pages[0].articles[0].headline', 'removed 1 invisible or control character (U+200D)'],
      [12, 'pages[0].articles[0].body', 'removed 1 invisible or control character (U+0007)'],
    ]);
  });

  it('reads GB 18030 copy without a warning when the issue names the encoding', () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace('layout: tabloid', 'layout: tabloid\nencoding: gb18030').replace(/body: \|[\s\S]*$/, 'body_file: gbk.txt\n') });
    writeFileSync(join(dir, 'gbk.txt'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]));
    expect(loadIssue(join(dir, 'issue.yaml')).warnings).toEqual([]);
  });

  it('follows a symbolic link out of the issue folder only with allowOutside', () => {
    const outside = issueDir({ 'story.md': '正文。\n' });
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: story.md\n') });
    symlinkSync(join(outside, 'story.md'), join(dir, 'story.md'));
    expect(() => loadIssue(join(dir, 'issue.yaml'))).toThrow(/"story.md" lies outside the issue's folder/);
    expect(loadIssue(join(dir, 'issue.yaml'), { allowOutside: true }).issue.pages[0].articles[0].blocks[0].text).toBe('正文。');
  });
});
