// Toolchain selection without running go: GOTOOLCHAIN modes, go/toolchain lines, go.work precedence, PATH and GOPROXY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveToolchains, parseGotoolchain, selectToolchain, type ToolchainFileLines } from '../../../src/core/toolchainSelection';
import { healthyFacts, moduleFile, setEnv, workFile } from '../support/factsBuilder';

function file(go?: string, toolchain?: string, kind: 'go.mod' | 'go.work' = 'go.mod'): ToolchainFileLines {
  return {
    path: `/w/${kind}`,
    kind,
    ...(go ? { go: { value: go, line: 3, column: 4, endColumn: 4 + go.length } } : {}),
    ...(toolchain ? { toolchain: { value: toolchain, line: 5, column: 11, endColumn: 11 + toolchain.length } } : {}),
  };
}

const ACTIVE = 'go1.26.8';

void test('GOTOOLCHAIN grammar: local, auto, path, names, +auto/+path; anything else is invalid', () => {
  const valid: [string, string, string][] = [
    ['', 'local', 'local'],
    ['local', 'local', 'local'],
    ['auto', 'local', 'auto'],
    ['path', 'local', 'path'],
    ['local+auto', 'local', 'auto'],
    ['local+path', 'local', 'path'],
    ['go1.25.3', 'go1.25.3', 'pinned'],
    ['go1.27rc1', 'go1.27rc1', 'pinned'],
    ['go1.25.3+auto', 'go1.25.3', 'auto'],
    ['go1.25.3+path', 'go1.25.3', 'path'],
  ];
  for (const [raw, base, mode] of valid) {
    const p = parseGotoolchain(raw);
    assert.equal(p.valid, true, raw);
    assert.equal(p.base, base, raw);
    assert.equal(p.mode, mode, raw);
  }
  for (const raw of ['automatic', 'go1.25.3+local', '1.25.3', 'go1.25.3+', 'auto+path', 'go1.x'])
    assert.equal(parseGotoolchain(raw).valid, false, raw);
});

void test('selection table', () => {
  const rows: {
    name: string;
    gotoolchain: string;
    go?: string;
    toolchain?: string;
    path?: { name: string; path: string }[];
    goproxy?: string;
    selected: string;
    cause: string;
    switch: boolean;
    download: boolean;
    blocked?: string;
    message?: string;
  }[] = [
    { name: 'older go line: no switch', gotoolchain: 'auto', go: '1.22', selected: ACTIVE, cause: 'local', switch: false, download: false },
    {
      name: 'auto + newer go line downloads',
      gotoolchain: 'auto',
      go: '1.27.1',
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: true,
    },
    {
      name: '`go 1.27` means go1.27.0',
      gotoolchain: 'auto',
      go: '1.27',
      selected: 'go1.27.0',
      cause: 'go-line',
      switch: true,
      download: true,
    },
    {
      name: 'newer toolchain line wins over the go line',
      gotoolchain: 'auto',
      go: '1.22',
      toolchain: 'go1.27.2',
      selected: 'go1.27.2',
      cause: 'toolchain-line',
      switch: true,
      download: true,
    },
    {
      name: 'go line newer than toolchain line',
      gotoolchain: 'auto',
      go: '1.28.0',
      toolchain: 'go1.27.2',
      selected: 'go1.28.0',
      cause: 'go-line',
      switch: true,
      download: true,
    },
    {
      name: 'older toolchain line is ignored',
      gotoolchain: 'auto',
      go: '1.22',
      toolchain: 'go1.24.0',
      selected: ACTIVE,
      cause: 'local',
      switch: false,
      download: false,
    },
    {
      name: 'local refuses a newer go line',
      gotoolchain: 'local',
      go: '1.99',
      selected: ACTIVE,
      cause: 'local',
      switch: false,
      download: false,
      blocked: 'switching-disabled',
      message: 'go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)',
    },
    {
      name: 'local ignores a newer toolchain line',
      gotoolchain: 'local',
      go: '1.22',
      toolchain: 'go1.99.0',
      selected: ACTIVE,
      cause: 'local',
      switch: false,
      download: false,
    },
    {
      name: 'unset means local',
      gotoolchain: '',
      go: '1.99',
      selected: ACTIVE,
      cause: 'local',
      switch: false,
      download: false,
      blocked: 'switching-disabled',
      message: 'go: go.mod requires go >= 1.99 (running go 1.26.8)',
    },
    {
      name: 'path finds goX.Y.Z on PATH',
      gotoolchain: 'path',
      go: '1.27.1',
      path: [{ name: 'go1.27.1', path: '/home/dev/go/bin/go1.27.1' }],
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: false,
    },
    {
      name: 'path without the binary is blocked',
      gotoolchain: 'path',
      go: '1.27.1',
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: false,
      blocked: 'not-on-path',
      message: 'go: cannot find "go1.27.1" in PATH',
    },
    {
      name: 'local+path behaves like path',
      gotoolchain: 'local+path',
      toolchain: 'go1.27.0',
      go: '1.22',
      selected: 'go1.27.0',
      cause: 'toolchain-line',
      switch: true,
      download: false,
      blocked: 'not-on-path',
    },
    {
      name: 'pinned name runs that toolchain whatever the file says',
      gotoolchain: 'go1.25.3',
      go: '1.22',
      selected: 'go1.25.3',
      cause: 'gotoolchain',
      switch: true,
      download: true,
    },
    {
      name: 'pinned older than the go line fails after switching',
      gotoolchain: 'go1.25.3',
      go: '1.26.2',
      selected: 'go1.25.3',
      cause: 'gotoolchain',
      switch: true,
      download: true,
      blocked: 'switching-disabled',
      message: 'go: go.mod requires go >= 1.26.2 (running go 1.25.3; GOTOOLCHAIN=go1.25.3)',
    },
    {
      name: 'pinned to the active version: no switch',
      gotoolchain: 'go1.26.8',
      go: '1.22',
      selected: ACTIVE,
      cause: 'gotoolchain',
      switch: false,
      download: false,
    },
    {
      name: 'name+auto raises the minimum',
      gotoolchain: 'go1.27.0+auto',
      go: '1.22',
      selected: 'go1.27.0',
      cause: 'gotoolchain',
      switch: true,
      download: true,
    },
    {
      name: 'name+auto still follows a newer go line',
      gotoolchain: 'go1.27.0+auto',
      go: '1.28.1',
      selected: 'go1.28.1',
      cause: 'go-line',
      switch: true,
      download: true,
    },
    {
      name: 'name+path needs it on PATH',
      gotoolchain: 'go1.27.0+path',
      go: '1.22',
      selected: 'go1.27.0',
      cause: 'gotoolchain',
      switch: true,
      download: false,
      blocked: 'not-on-path',
    },
    {
      name: 'toolchain default disables the line-driven switch',
      gotoolchain: 'auto',
      go: '1.22',
      toolchain: 'default',
      selected: ACTIVE,
      cause: 'local',
      switch: false,
      download: false,
    },
    {
      name: 'GOPROXY=off blocks a download',
      gotoolchain: 'auto',
      go: '1.27.1',
      goproxy: 'off',
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: true,
      blocked: 'download-disabled',
      message: 'go: download go1.27.1: toolchain not available',
    },
    {
      name: 'GOPROXY=off does not matter when the toolchain is on PATH',
      gotoolchain: 'auto',
      go: '1.27.1',
      goproxy: 'off',
      path: [{ name: 'go1.27.1', path: '/x/go1.27.1' }],
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: false,
    },
    {
      name: 'GOPROXY=direct can still download',
      gotoolchain: 'auto',
      go: '1.27.1',
      goproxy: 'direct',
      selected: 'go1.27.1',
      cause: 'go-line',
      switch: true,
      download: true,
    },
    { name: 'rc go line', gotoolchain: 'auto', go: '1.27rc2', selected: 'go1.27rc2', cause: 'go-line', switch: true, download: true },
    {
      name: 'invalid GOTOOLCHAIN stops the go command',
      gotoolchain: 'sometimes',
      go: '1.22',
      selected: ACTIVE,
      cause: 'gotoolchain',
      switch: false,
      download: false,
      blocked: 'invalid-gotoolchain',
      message: 'go: invalid GOTOOLCHAIN "sometimes"',
    },
  ];
  for (const r of rows) {
    const s = selectToolchain({
      activeVersion: ACTIVE,
      gotoolchain: r.gotoolchain,
      file: file(r.go, r.toolchain),
      pathToolchains: r.path,
      goproxy: r.goproxy ?? 'https://proxy.golang.org,direct',
    });
    assert.equal(s.selected, r.selected, `${r.name}: selected`);
    assert.equal(s.cause, r.cause, `${r.name}: cause`);
    assert.equal(s.needsSwitch, r.switch, `${r.name}: needsSwitch`);
    assert.equal(s.needsDownload, r.download, `${r.name}: needsDownload`);
    assert.equal(s.blocked?.kind, r.blocked, `${r.name}: blocked`);
    if (r.message) assert.ok(s.blocked!.message.includes(r.message), `${r.name}: message ${s.blocked!.message}`);
    assert.ok(s.reason.length > 10, `${r.name}: reason`);
  }
});

void test('the deciding line points at the go or toolchain line with its position', () => {
  const s = selectToolchain({ activeVersion: ACTIVE, gotoolchain: 'auto', file: file('1.22', 'go1.27.2') });
  assert.deepEqual(s.decidingLine, { value: 'go1.27.2', line: 5, column: 11, endColumn: 19, file: '/w/go.mod', directive: 'toolchain' });
  const t = selectToolchain({ activeVersion: ACTIVE, gotoolchain: 'local', file: file('1.99') });
  assert.equal(t.decidingLine?.directive, 'go');
  assert.equal(t.decidingLine?.line, 3);
});

void test('a go before 1.21 cannot switch and says so', () => {
  const s = selectToolchain({ activeVersion: 'go1.20.14', gotoolchain: 'auto', file: file('1.22.0') });
  assert.equal(s.selected, 'go1.20.14');
  assert.equal(s.blocked?.kind, 'predates-switching');
  assert.equal(selectToolchain({ activeVersion: 'go1.20.14', gotoolchain: 'auto', file: file('1.19') }).blocked, undefined);
});

void test('a go.work message names go.work', () => {
  const s = selectToolchain({ activeVersion: ACTIVE, gotoolchain: 'local', file: file('1.99', undefined, 'go.work') });
  assert.equal(s.blocked?.message, 'go: go.work requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)');
});

void test('effectiveToolchains: go.work lines win for the modules it uses; GOWORK=off turns that off', () => {
  const f = healthyFacts();
  f.modules = [moduleFile('/w/a', '1.22'), moduleFile('/w/b', '1.22'), moduleFile('/other', '1.27.1')];
  f.works = [workFile('/w', '1.27.3', ['./a', './b'])];
  const eff = effectiveToolchains(f);
  assert.deepEqual(
    eff.map((e) => [e.dir, e.governedBy, e.selection.selected]),
    [
      ['/w/a', '/w/go.work', 'go1.27.3'],
      ['/w/b', '/w/go.work', 'go1.27.3'],
      ['/other', '/other/go.mod', 'go1.27.1'],
    ],
  );
  setEnv(f, 'GOWORK', 'off', 'os');
  assert.deepEqual(
    effectiveToolchains(f).map((e) => e.selection.selected),
    ['go1.26.8', 'go1.26.8', 'go1.27.1'],
  );
});

void test('effectiveToolchains uses the effective GOTOOLCHAIN with its source', () => {
  const f = healthyFacts();
  f.modules = [moduleFile('/w/a', '1.27.1')];
  setEnv(f, 'GOTOOLCHAIN', 'local', 'goenv-file', 2);
  const [e] = effectiveToolchains(f);
  assert.equal(e.selection.gotoolchain.source, 'goenv-file');
  assert.equal(e.selection.blocked?.kind, 'switching-disabled');
});
