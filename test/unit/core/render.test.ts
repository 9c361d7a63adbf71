// Text, JSON and SARIF rendering of a report: what a terminal user and a CI system see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderText } from '../../../src/core/render/text';
import { renderSarif } from '../../../src/core/render/sarif';
import { renderJson } from '../../../src/core/render/json';
import type { Report } from '../../../src/core/report';
import { TOOL_VERSION } from '../../../src/core/version';
import { checkById } from '../../../src/core/checks/index';
import { withoutControlCharacterFixes } from '../../../src/core/controlChars';

function report(findings: Report['findings'], platform: Report['host']['platform'] = 'linux'): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'gohealth', version: TOOL_VERSION },
    host: { platform, arch: 'x64', isWsl: false, cwd: '/work/svc' },
    toolchains: [
      { path: '/usr/local/go/bin/go', realPath: '/usr/local/go/bin/go', version: 'go1.26.8', goroot: '/usr/local/go', active: true },
    ],
    findings,
    timingsMs: { total: 12.3 },
  };
}

const newer: Report['findings'][number] = {
  id: 'gomod-go-newer',
  severity: 'error',
  area: 'modules',
  title: 'go.mod needs Go 1.99.0',
  detail: 'go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)',
  evidence: { required: '1.99.0' },
  location: { file: '/work/svc/go.mod', line: 3, column: 4, endColumn: 10 },
  fixes: [{ id: 'auto', kind: 'go-env-write', title: 'Let go switch toolchains', variable: 'GOTOOLCHAIN', value: 'auto' }],
};
const proxyOff: Report['findings'][number] = {
  id: 'goproxy-off',
  severity: 'warning',
  area: 'network',
  title: 'Module proxy is off',
  detail: 'GOPROXY=off stops every module download.',
  evidence: { GOPROXY: 'off' },
  fixes: [{ id: 'path', kind: 'terminal-env', title: 'Put /opt/go/bin first', variable: 'PATH', op: 'prepend', value: '/opt/go/bin' }],
};

void test('text: an area line per checked area with the worst mark, findings with location and the command behind each fix', () => {
  const text = renderText(report([proxyOff, newer]), { color: false, areasChecked: ['toolchain', 'modules', 'network'] });
  const lines = text.split('\n');
  assert.ok(lines.includes('✔ Toolchain and PATH'));
  assert.ok(lines.includes('✖ Modules and toolchain selection'));
  assert.ok(lines.includes('⚠ Proxy, checksum database and flags'));
  assert.ok(!text.includes('Cross-compilation'), 'areas that did not run are not shown as passed');
  assert.match(text, /at \/work\/svc\/go\.mod:3:4/);
  assert.match(text, /\$ go env -w GOTOOLCHAIN=auto/);
  assert.match(text, /\$ export PATH=\/opt\/go\/bin:"\$PATH"/);
  assert.match(lines.at(-2)!, /^Problems found: 1 error, 1 warning, 0 info/);
  assert.ok(text.indexOf('Modules and') < text.indexOf('Proxy,'), 'areas keep the catalogue order');
});

void test('text: PowerShell commands on Windows, colour only when asked', () => {
  const text = renderText(report([proxyOff], 'win32'), { color: false, areasChecked: ['network'] });
  assert.match(text, /\$env:PATH = '\/opt\/go\/bin;' \+ \$env:PATH/);
  assert.doesNotMatch(text, /\x1b\[/);
  assert.match(renderText(report([proxyOff]), { color: true, areasChecked: ['network'] }), /\x1b\[33m⚠/);
});

void test('text: a healthy report says so', () => {
  const text = renderText(report([]), { color: false, areasChecked: ['toolchain'] });
  assert.match(text, /^Healthy: 0 errors, 0 warnings, 0 info/m);
});

void test('JSON is the report itself, one document', () => {
  const r = report([newer]);
  assert.deepEqual(JSON.parse(renderJson(r)), r);
});

void test('SARIF: rules carry help and level, results their region, environment findings the anchor file', () => {
  const rules = ['gomod-go-newer', 'goproxy-off'].map((id) => checkById(id)!);
  const sarif = JSON.parse(renderSarif(report([newer, proxyOff]), rules, '/work/svc/go.mod'));
  const run = sarif.runs[0];
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ['gomod-go-newer', 'goproxy-off'],
  );
  assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, 'error');
  assert.equal(run.tool.driver.rules[0].name, 'GomodGoNewer');
  const [a, b] = run.results;
  assert.deepEqual(a.locations[0].physicalLocation, {
    artifactLocation: { uri: 'go.mod', uriBaseId: 'SRCROOT' },
    region: { startLine: 3, startColumn: 4, endColumn: 10 },
  });
  assert.equal(b.level, 'warning');
  assert.equal(b.locations[0].physicalLocation.region.startLine, 1);
  assert.equal(b.properties.scope, 'environment');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file:///work/svc/');
  assert.notEqual(a.partialFingerprints['gohealth/v1'], b.partialFingerprints['gohealth/v1']);
});

void test('SARIF: a finding whose check is not in the rule list still gets a rule (internal errors)', () => {
  const odd = { ...proxyOff, id: 'internal-error' };
  const sarif = JSON.parse(renderSarif(report([odd]), []));
  assert.equal(sarif.runs[0].tool.driver.rules[0].id, 'internal-error');
  assert.equal(sarif.runs[0].results[0].ruleIndex, 0);
  assert.equal(sarif.runs[0].results[0].locations, undefined, 'no anchor, no location');
});

void test('the tool version matches package.json', () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
  assert.equal(TOOL_VERSION, pkg.version);
});

void test('text output shows control characters from data as escapes, with and without colour, and keeps only its own colours', () => {
  const payload = '\x1b]0;PWNED\x07\x1b[2J\u202e\x9b31m\rforged';
  const evil: Report['findings'][number] = {
    ...newer,
    title: `go.mod in ${payload} needs Go 1.99.0`,
    detail: `first paragraph ${payload}\nsecond paragraph`,
    evidence: { [`key${payload}`]: payload, nested: { value: payload } },
    location: { file: `/work/${payload}/go.mod`, line: 3, column: 4 },
  };
  const r = { ...report([evil]), host: { ...report([]).host, cwd: `/work/${payload}` } };
  for (const color of [false, true]) {
    const out = renderText(r, { color, areasChecked: ['modules'], verbose: true });
    const escapes = out.match(/\x1b[^m]*m|\x1b./g) ?? [];
    for (const e of escapes) assert.match(e, /^\x1b\[\d+m$/, `only colour codes: ${JSON.stringify(e)}`);
    if (!color) assert.equal(escapes.length, 0);
    assert.ok(!/[\x07\x9b\r\u202e]/.test(out), 'no BEL, CSI, CR or bidi override');
    assert.ok(out.includes('\\e]0;PWNED\\x07\\e[2J\\u202e\\x9b31m\\rforged'), 'shown as visible escapes');
    assert.ok(out.includes('second paragraph'), 'a detail keeps its paragraphs');
  }
});

void test('a fix that would write control characters is withheld by the engine, and the finding says so', () => {
  const f = withoutControlCharacterFixes({
    ...newer,
    fixes: [
      { id: 'w', kind: 'go-env-write', title: 'Set GOFLAGS', variable: 'GOFLAGS', value: '-mod=mod\x1b[2J' },
      { id: 'ok', kind: 'go-env-write', title: 'Unset GOFLAGS', variable: 'GOFLAGS', value: undefined },
      {
        id: 'e',
        kind: 'edit-file',
        title: 'Insert a line',
        file: '/w/go.mod',
        edits: [{ line: 1, column: 1, endLine: 1, endColumn: 1, newText: 'go 1.22\n' }],
      },
    ],
  });
  assert.deepEqual(
    f.fixes.map((x) => x.id),
    ['ok', 'e'],
    'a new line in an edit is no control character',
  );
  assert.match(f.detail, /A fix was withheld: it would write terminal control characters/);
});
