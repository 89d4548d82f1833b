/**
 * A layout, like copy and photos, must lie inside the issue's folder or paiban's layouts/ unless
 * --allow-outside is given: otherwise any YAML file on disk would be read as a layout and its
 * values shown in the errors about it (by watch, to whatever reads its page). The rule is the
 * loader's, so every command that reads an issue keeps it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUTS_DIR } from '../../src/layout/load-layout.js';
import { watchIssue } from '../../src/preview/watch.js';
import { runCli } from '../helpers/cli.js';
import { ensureCompiled, ROOT } from '../helpers/compiled.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

/** `dir/issue/issue.yaml`, whose layout (issue-wide or of its page) is `dir/elsewhere/layout.yaml`: the tabloid, fonts found from there. */
function issueWithLayoutElsewhere(where: 'issue' | 'page' = 'issue'): { dir: string; file: string } {
  const dir = issueDir({});
  mkdirSync(join(dir, 'issue'));
  mkdirSync(join(dir, 'elsewhere'));
  const tabloid = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${join(ROOT, 'fonts')}/`);
  writeFileSync(join(dir, 'elsewhere', 'layout.yaml'), tabloid);
  const issue =
    where === 'issue'
      ? SMALL_ISSUE.replace('layout: tabloid', 'layout: ../elsewhere/layout.yaml')
      : SMALL_ISSUE.replace('  - number: 1\n', '  - number: 1\n    layout: ../elsewhere/layout.yaml\n');
  writeFileSync(join(dir, 'issue', 'issue.yaml'), issue);
  return { dir, file: join(dir, 'issue', 'issue.yaml') };
}

const REFUSED = (ref: string, field = 'layout') =>
  new RegExp(`issue\\.yaml:\\d+:\\d+: error: layout "${ref.replace(/[.*/]/g, '\\$&')}" lies outside the issue's folder and paiban's layouts/ \\(use --allow-outside to permit it\\) \\(${field.replace(/[[\]]/g, '\\$&')}\\)$`);

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('a layout outside the issue’s folder and layouts/', () => {
  it('is refused by build, check and preview, and accepted with --allow-outside', async () => {
    const { dir, file } = issueWithLayoutElsewhere();
    for (const command of ['build', 'check', 'preview']) {
      const out = ['build', 'preview'].includes(command) ? ['-o', join(dir, `out-${command}`)] : [];
      const refused = await runCli([command, file, ...out]);
      expect(refused.code, command).toBe(1);
      expect(lines(refused.stderr), command).toEqual([expect.stringMatching(REFUSED('../elsewhere/layout.yaml'))]);
      const allowed = await runCli([command, file, ...out, '--allow-outside']);
      expect(allowed.code, `${command}: ${allowed.stderr}`).toBe(0);
    }
  }, 60_000);

  it('is refused where a page names it, too', async () => {
    const { file } = issueWithLayoutElsewhere('page');
    const refused = await runCli(['build', file, '-o', join(file, '..', 'out')]);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)).toEqual([expect.stringMatching(REFUSED('../elsewhere/layout.yaml', 'pages[0].layout'))]);
  });

  it('is refused when a symbolic link beside the issue leads to it, and when a name climbs out of layouts/', async () => {
    const { dir, file } = issueWithLayoutElsewhere();
    symlinkSync(join(dir, 'elsewhere', 'layout.yaml'), join(dir, 'issue', 'linked.yaml'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('../elsewhere/layout.yaml', 'linked.yaml'));
    const linked = await runCli(['build', file, '-o', join(dir, 'out')]);
    expect(lines(linked.stderr)).toEqual([expect.stringMatching(REFUSED('linked.yaml'))]);
    // A missing file under a folder that is a link leading out lies outside as well (nothing is told of what is there).
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'issue', 'sub'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('linked.yaml', 'sub/missing.yaml'));
    const missing = await runCli(['build', file, '-o', join(dir, 'out')]);
    expect(lines(missing.stderr)).toEqual([expect.stringMatching(REFUSED('sub/missing.yaml'))]);
    const name = `../../../../../../../../..${join(dir, 'elsewhere', 'layout')}`;
    writeFileSync(file, readFileSync(file, 'utf8').replace('sub/missing.yaml', name));
    const climbed = await runCli(['build', file, '-o', join(dir, 'out')]);
    expect(lines(climbed.stderr)).toEqual([expect.stringMatching(REFUSED(name))]);
  });

  it('is refused by watch, whose page then shows no value of the file', async () => {
    const { dir, file } = issueWithLayoutElsewhere();
    writeFileSync(join(dir, 'elsewhere', 'layout.yaml'), 'name: 1\npage: s3cr3t-value\n');
    const session = await watchIssue(file, { port: 0 });
    try {
      expect(session.state.ok).toBe(false);
      expect(session.state.diagnostics.map((d) => d.text)).toEqual([expect.stringMatching(REFUSED('../elsewhere/layout.yaml'))]);
      expect(JSON.stringify(session.state)).not.toContain('s3cr3t');
    } finally {
      await session.close();
    }
  });

  it('fails the issue in export, which reads no layout from outside', () => {
    ensureCompiled();
    const { dir } = issueWithLayoutElsewhere();
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/paiban.js'), 'export', join(dir, 'issue'), '-o', out], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { issues: { status: string; errors: string[] }[] };
    expect(manifest.issues.map((i) => i.status)).toEqual(['failed']);
    expect(manifest.issues[0].errors).toEqual(['layout "../elsewhere/layout.yaml" lies outside the issue\'s folder and paiban\'s layouts/ (use --allow-outside to permit it)']);
  }, 60_000);
});
