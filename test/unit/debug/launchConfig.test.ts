// Windows + WSL launch configurations: what is generated, and launch.json edits that keep comments, entries and formatting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import {
  dualDebugConfigurations,
  dynamicDualConfiguration,
  isMainPackageSource,
  launchJsonEdits,
  mainPackageDirs,
  packageRelativePath,
  wholeTextEdit,
  type DualDebugConfigurations,
} from '../../../src/debug/launchConfig';
import { applyLineEdits } from '../../../src/shared/textEdits';
import { parseBridgeAttributes } from '../../../src/debug/launchAttributes';

const WS = 'C:\\Users\\dev\\proj';

function configs(overrides: Partial<Parameters<typeof dualDebugConfigurations>[0]> = {}): DualDebugConfigurations {
  return dualDebugConfigurations({
    workspaceFolder: WS,
    packageDir: `${WS}\\cmd\\server`,
    distro: 'Ubuntu',
    vscodeGoInstalled: false,
    ...overrides,
  });
}

/** Applies the result's edits to the original text and checks they give the text the result announces. */
function edited(text: string | undefined, c: DualDebugConfigurations = configs()) {
  const r = launchJsonEdits(text, [c.windows, c.wsl], [c.compound]);
  if (!r.ok) return r;
  if (text !== undefined) assert.equal(applyLineEdits(text, r.edits), r.text, 'the edits give the announced text');
  return r;
}

function json(text: string): {
  configurations: { name: string; type: string; [k: string]: unknown }[];
  compounds?: { name: string; configurations: string[]; stopAll: boolean }[];
} {
  const errors: unknown[] = [];
  const value = parse(text, errors as never, { allowTrailingComma: true });
  assert.deepEqual(errors, [], 'the result parses');
  return value;
}

void test('without VS Code Go the Windows half is delve-bridge target local; the WSL half names the distro; the compound stops both', () => {
  const c = configs();
  assert.deepEqual(c.windows, {
    name: 'Windows: cmd/server',
    type: 'delve-bridge',
    request: 'launch',
    target: 'local',
    mode: 'debug',
    program: '${workspaceFolder}/cmd/server',
  });
  assert.deepEqual(c.wsl, {
    name: 'WSL (Ubuntu): cmd/server',
    type: 'delve-bridge',
    request: 'launch',
    target: 'wsl',
    distro: 'Ubuntu',
    mode: 'debug',
    program: '${workspaceFolder}/cmd/server',
  });
  assert.deepEqual(c.compound, {
    name: 'Windows + WSL (Ubuntu): cmd/server',
    configurations: ['Windows: cmd/server', 'WSL (Ubuntu): cmd/server'],
    stopAll: true,
  });
});

void test('with VS Code Go installed the Windows half uses its go debug type', () => {
  const c = configs({ vscodeGoInstalled: true });
  assert.deepEqual(c.windows, {
    name: 'Windows: cmd/server',
    type: 'go',
    request: 'launch',
    mode: 'auto',
    program: '${workspaceFolder}/cmd/server',
  });
  assert.equal(c.wsl.type, 'delve-bridge');
});

void test('the folder itself is named after the folder; a non-default automount root and tcp transport are written, defaults are not', () => {
  const root = configs({ packageDir: 'c:/users/DEV/proj/', transport: 'tcp', automountRoot: '/win' });
  assert.equal(root.windows.name, 'Windows: proj');
  assert.equal(root.windows.program, '${workspaceFolder}');
  assert.equal(root.wsl.transport, 'tcp');
  assert.equal(root.wsl.automountRoot, '/win');
  const defaults = configs({ transport: 'stdio', automountRoot: '/mnt' });
  assert.equal('transport' in defaults.wsl, false);
  assert.equal('automountRoot' in defaults.wsl, false);
  assert.throws(() => configs({ packageDir: 'D:\\elsewhere' }), /not inside the workspace folder/);
});

void test('the generated delve-bridge halves are accepted by the adapter as they stand', () => {
  const c = configs();
  for (const half of [c.windows, { ...c.wsl, wslExecutable: '/opt/wsl/wsl.exe' }]) {
    const program = String(half.program).replace('${workspaceFolder}', WS);
    const parsed = parseBridgeAttributes('launch', { ...half, program }, { platform: process.platform, env: {} });
    assert.ok(!('error' in parsed), JSON.stringify(parsed));
  }
});

void test('package paths: inside (any case and separator on Windows), outside, Linux folders', () => {
  assert.equal(packageRelativePath(WS, 'c:/users/dev/proj/cmd/x'), 'cmd/x');
  assert.equal(packageRelativePath(WS, WS), '');
  assert.equal(packageRelativePath(WS, 'C:\\Users\\dev\\project'), undefined);
  assert.equal(packageRelativePath('/home/dev/proj', '/home/dev/proj/cmd/x'), 'cmd/x');
  assert.equal(packageRelativePath('/home/dev/proj', '/home/dev/Proj/cmd/x'), undefined);
  assert.equal(
    packageRelativePath('\\\\wsl.localhost\\Ubuntu\\home\\dev\\proj', '\\\\wsl.localhost\\Ubuntu\\home\\dev\\proj\\tool'),
    'tool',
  );
});

void test('the dropdown entry is a delve-bridge configuration marked to start both halves', () => {
  assert.deepEqual(dynamicDualConfiguration(WS, `${WS}\\cmd\\server`), {
    name: 'Windows + WSL: cmd/server',
    type: 'delve-bridge',
    request: 'launch',
    program: '${workspaceFolder}/cmd/server',
    windowsAndWsl: true,
  });
  assert.equal(dynamicDualConfiguration(WS, 'D:\\x'), undefined);
});

void test('no launch.json: a new file with both configurations and the compound', () => {
  const r = edited(undefined);
  assert.ok(r.ok);
  assert.equal(r.created, true);
  const v = json(r.text);
  assert.deepEqual(
    v.configurations.map((c) => c.name),
    ['Windows: cmd/server', 'WSL (Ubuntu): cmd/server'],
  );
  assert.deepEqual(
    v.compounds!.map((c) => c.name),
    ['Windows + WSL (Ubuntu): cmd/server'],
  );
  assert.equal((v as unknown as { version: string }).version, '0.2.0');
});

void test('comments, other configurations and their formatting survive; the new entries are appended', () => {
  const text = [
    '// My debug setup: keep this note',
    '{',
    '  /* the schema version */',
    '  "version": "0.2.0",',
    '  "configurations": [',
    '    // attach to the service',
    '    { "name": "Attach", "type": "go", "request": "attach", "mode": "local", "processId": 0 },',
    '  ],',
    '  // compounds come later',
    '}',
    '',
  ].join('\n');
  const r = edited(text);
  assert.ok(r.ok);
  for (const line of text.split('\n').filter((l) => l.trim().startsWith('//') || l.includes('/*') || l.includes('"Attach"'))) {
    assert.ok(r.text.includes(line), `kept: ${line}`);
  }
  const v = json(r.text);
  assert.deepEqual(
    v.configurations.map((c) => c.name),
    ['Attach', 'Windows: cmd/server', 'WSL (Ubuntu): cmd/server'],
  );
  assert.deepEqual(v.compounds![0]!.configurations, ['Windows: cmd/server', 'WSL (Ubuntu): cmd/server']);
  assert.equal(v.compounds![0]!.stopAll, true);
  assert.ok(
    r.text.startsWith(
      '// My debug setup: keep this note\n{\n  /* the schema version */\n  "version": "0.2.0",\n  "configurations": [\n    // attach to the service\n',
    ),
  );
  assert.equal(r.edits.length, 1, 'one edit: one undo step');
});

void test('a launch.json without a configurations array or without compounds gets them', () => {
  const noConfigs = edited('{\n  "version": "0.2.0"\n}\n');
  assert.ok(noConfigs.ok);
  assert.equal(json(noConfigs.text).configurations.length, 2);
  assert.equal(json(noConfigs.text).compounds!.length, 1);

  const emptyConfigs = edited('{\n    "version": "0.2.0",\n    "configurations": []\n}');
  assert.ok(emptyConfigs.ok);
  assert.equal(json(emptyConfigs.text).configurations.length, 2);
  // Four-space indentation is kept for what is added.
  assert.match(emptyConfigs.text, /\n {8}\{\n {12}"name": "Windows: cmd\/server"/);

  const commentedEmpty = edited('{\n  "configurations": [\n    // none yet\n  ],\n  "compounds": [ /* later */ ]\n}\n');
  assert.ok(commentedEmpty.ok);
  assert.ok(commentedEmpty.text.includes('    // none yet\n    {\n      "name": "Windows: cmd/server"'), commentedEmpty.text);
  assert.ok(commentedEmpty.text.includes('/* later */'));
  assert.equal(json(commentedEmpty.text).compounds!.length, 1);
});

void test('running it twice adds nothing; entries already there under the same names are kept as the user has them', () => {
  const first = edited(undefined);
  assert.ok(first.ok);
  const second = edited(first.text);
  assert.ok(second.ok);
  assert.deepEqual(second.edits, []);
  assert.equal(second.text, first.text);
  assert.deepEqual(second.added, []);
  assert.equal(second.existing.length, 3);

  const customised = first.text.replace(
    '"mode": "debug",\n      "program": "${workspaceFolder}/cmd/server"\n    },\n    {',
    '"mode": "debug",\n      "program": "${workspaceFolder}/cmd/server",\n      "args": ["--verbose"]\n    },\n    {',
  );
  assert.notEqual(customised, first.text);
  const partly = edited(customised.replace(/,\s*"compounds": \[[\s\S]*\]\s*}\s*$/, '\n}\n'));
  assert.ok(partly.ok);
  assert.deepEqual(partly.added, ['Windows + WSL (Ubuntu): cmd/server']);
  const v = json(partly.text);
  assert.equal(v.configurations.length, 2);
  assert.deepEqual(v.configurations[0]!.args, ['--verbose']);
});

void test('another distro or package adds its own entries beside the existing ones', () => {
  const first = edited(undefined);
  assert.ok(first.ok);
  const other = edited(first.text, configs({ distro: 'Debian' }));
  assert.ok(other.ok);
  const v = json(other.text);
  assert.deepEqual(
    v.configurations.map((c) => c.name),
    ['Windows: cmd/server', 'WSL (Ubuntu): cmd/server', 'WSL (Debian): cmd/server'],
  );
  assert.deepEqual(
    v.compounds!.map((c) => c.name),
    ['Windows + WSL (Ubuntu): cmd/server', 'Windows + WSL (Debian): cmd/server'],
  );
});

void test('tabs stay tabs, CRLF stays CRLF', () => {
  const text =
    '{\r\n\t"version": "0.2.0",\r\n\t"configurations": [\r\n\t\t{ "name": "Existing", "type": "go", "request": "launch" }\r\n\t]\r\n}\r\n';
  const r = edited(text);
  assert.ok(r.ok);
  assert.ok(r.text.includes('\r\n\t\t{\r\n\t\t\t"name": "Windows: cmd/server"'), r.text);
  assert.doesNotMatch(r.text.replace(/\r\n/g, ''), /\n/, 'no bare LF');
  assert.doesNotMatch(r.text, /\n {2,}"/, 'no space indentation');
  json(r.text);
});

void test('trailing commas are fine; the result still parses', () => {
  const r = edited('{\n  "configurations": [\n    { "name": "A", "type": "go", "request": "launch", },\n  ],\n  "compounds": [],\n}\n');
  assert.ok(r.ok);
  const v = json(r.text);
  assert.deepEqual(
    v.configurations.map((c) => c.name),
    ['A', 'Windows: cmd/server', 'WSL (Ubuntu): cmd/server'],
  );
  assert.equal(v.compounds!.length, 1);
});

void test('a launch.json that does not parse, or has the wrong shape, is left untouched with a clear message', () => {
  const broken = launchJsonEdits('{\n  "configurations": [\n    { "name": "A" \n  ]\n}', [configs().windows], []);
  assert.equal(broken.ok, false);
  assert.match((broken as { message: string }).message, /does not parse.*line \d+.*left untouched/);
  const notArray = launchJsonEdits('{ "configurations": {} }', [configs().windows], []);
  assert.equal(notArray.ok, false);
  assert.match((notArray as { message: string }).message, /"configurations" in launch.json is not an array \(it is an object\)/);
  const notObject = launchJsonEdits('[1, 2]', [configs().windows], []);
  assert.equal(notObject.ok, false);
  assert.match((notObject as { message: string }).message, /does not hold a JSON object/);
});

void test('an empty launch.json or one with only comments becomes a full one, keeping the comments', () => {
  const empty = edited('');
  assert.ok(empty.ok);
  assert.equal(json(empty.text).configurations.length, 2);
  const commentsOnly = edited('// nothing here yet\n/* really */\n');
  assert.ok(commentsOnly.ok);
  assert.ok(commentsOnly.text.startsWith('// nothing here yet\n/* really */\n{'));
  assert.equal(json(commentsOnly.text).compounds!.length, 1);
});

void test('a whole-text edit touches only the changed middle', () => {
  const e = wholeTextEdit('abc\nXYZ\ndef', 'abc\nXY12Z\ndef');
  assert.deepEqual(e, { line: 2, column: 3, endLine: 2, endColumn: 3, newText: '12' });
  assert.equal(applyLineEdits('abc\nXYZ\ndef', [e]), 'abc\nXY12Z\ndef');
});

void test('main packages: the package clause after comments and a BOM; tests, vendor, testdata and _files do not count', () => {
  assert.equal(isMainPackageSource('// Copyright\n/* block\n package lib */\n\npackage main\n'), true);
  assert.equal(isMainPackageSource('\uFEFFpackage main // the tool'), true);
  assert.equal(isMainPackageSource('package mainly'), false);
  assert.equal(isMainPackageSource('package lib\n// package main'), false);
  assert.equal(isMainPackageSource('/* unterminated package main'), false);
  const dirs = mainPackageDirs([
    { relativePath: 'main.go', text: 'package main' },
    { relativePath: 'cmd/b/b.go', text: 'package main' },
    { relativePath: 'cmd\\a\\a.go', text: '//go:build tools\n\npackage main' },
    { relativePath: 'cmd/a/other.go', text: 'package main' },
    { relativePath: 'lib/lib.go', text: 'package lib' },
    { relativePath: 'lib/main_test.go', text: 'package main' },
    { relativePath: 'vendor/x/main.go', text: 'package main' },
    { relativePath: 'internal/testdata/p/main.go', text: 'package main' },
    { relativePath: 'tools/_gen.go', text: 'package main' },
    { relativePath: '.hidden/main.go', text: 'package main' },
    { relativePath: 'README.md', text: 'package main' },
  ]);
  assert.deepEqual(dirs, ['', 'cmd/a', 'cmd/b']);
});

void test('comments stay with the entry they belong to: one after the last entry on its line, one before the closing brace', () => {
  const text = [
    '{',
    '  "configurations": [',
    '    { "name": "one" }, // about one',
    '    { "name": "two" }, // about two',
    '  ],',
    '  /* compounds are added below */',
    '}',
    '',
  ].join('\n');
  const r = launchJsonEdits(text, [configs().windows], [configs().compound]);
  assert.ok(r.ok);
  const lines = r.text.split('\n');
  assert.ok(lines.includes('    { "name": "two" }, // about two'), 'the trailing comment stays on its entry');
  const comment = lines.indexOf('  /* compounds are added below */');
  const compounds = lines.findIndex((l) => l.startsWith('  "compounds"'));
  assert.ok(comment >= 0 && compounds === comment + 1, `the compounds follow the comment that announces them:\n${r.text}`);
  assert.ok(lines.findIndex((l) => l.includes(configs().windows.name)) > lines.indexOf('    { "name": "two" }, // about two'));
  const parsed = parse(r.text, [], { allowTrailingComma: true }) as { configurations: { name: string }[]; compounds: { name: string }[] };
  assert.deepEqual(
    parsed.configurations.map((c) => c.name),
    ['one', 'two', configs().windows.name],
  );
  assert.deepEqual(
    parsed.compounds.map((c) => c.name),
    [configs().compound.name],
  );
  // Without a trailing comma in the file, none is added after the new entry either.
  const noComma = launchJsonEdits('{\n  "configurations": [\n    { "name": "one" } // about one\n  ]\n}\n', [configs().windows], []);
  assert.ok(noComma.ok);
  assert.match(noComma.text, /\{ "name": "one" \}, \/\/ about one\n {4}\{/);
  assert.doesNotMatch(noComma.text, /\},\n {2}\]/);
});
