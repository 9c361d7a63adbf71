// go.mod / go.work hand parser: exact positions, blocks, comments, CRLF, BOM, quoted paths, and errors worded like the go command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoCommandErrors, parseModText } from '../../../src/core/probe/modfile';

const mod = (text: string, windows = false) => parseModText(text, 'mod', { fileName: 'go.mod', windows });
const work = (text: string) => parseModText(text, 'work', { fileName: 'go.work' });
const messages = (text: string) => mod(text).errors.map((e) => e.message);

void test('directives with positions: module, go, toolchain, require (block and line), replace, indirect', () => {
  const f = mod(
    'module example.com/app\n\n' +
      'go 1.22.3\n' +
      'toolchain go1.23.1\n\n' +
      'require golang.org/x/mod v0.20.0\n' +
      'require (\n' +
      '\tgithub.com/a/b v1.2.3 // indirect\n' +
      '\t// a comment line\n' +
      '\tgithub.com/c/d v0.0.0-20240101000000-abcdef123456\n' +
      ')\n' +
      'replace github.com/a/b => ../b\n' +
      'replace (\n' +
      '\tgithub.com/c/d v0.1.0 => github.com/e/d v0.2.0\n' +
      ')\n',
  );
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.module, { value: 'example.com/app', line: 1, column: 8, endColumn: 23 });
  assert.deepEqual(f.go, { value: '1.22.3', line: 3, column: 4, endColumn: 10 });
  assert.deepEqual(f.toolchain, { value: 'go1.23.1', line: 4, column: 11, endColumn: 19 });
  assert.deepEqual(f.requires, [
    { path: 'golang.org/x/mod', version: 'v0.20.0', line: 6, indirect: false },
    { path: 'github.com/a/b', version: 'v1.2.3', line: 8, indirect: true },
    { path: 'github.com/c/d', version: 'v0.0.0-20240101000000-abcdef123456', line: 10, indirect: false },
  ]);
  assert.deepEqual(f.replaces, [
    { oldPath: 'github.com/a/b', newPath: '../b', line: 12, column: 27, endColumn: 31, isLocal: true },
    {
      oldPath: 'github.com/c/d',
      oldVersion: 'v0.1.0',
      newPath: 'github.com/e/d',
      newVersion: 'v0.2.0',
      line: 14,
      column: 27,
      endColumn: 41,
      isLocal: false,
    },
  ]);
});

void test('CRLF line endings and trailing comments keep columns right', () => {
  const f = mod('module x // the module\r\n\r\ngo 1.21 // language\r\nrequire (\r\n\ta v1.0.0 // indirect\r\n)\r\n');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.module, { value: 'x', line: 1, column: 8, endColumn: 9 });
  assert.deepEqual(f.go, { value: '1.21', line: 3, column: 4, endColumn: 8 });
  assert.equal(f.requires[0].indirect, true);
});

void test('quoted module and replace paths are unquoted; positions cover the quotes', () => {
  const f = mod('module "example.com/my app"\ngo 1.21\nreplace a => "../dir with space"\n');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.module, { value: 'example.com/my app', line: 1, column: 8, endColumn: 28 });
  assert.equal(f.replaces[0].newPath, '../dir with space');
  assert.equal(f.replaces[0].column, 14);
  assert.equal(f.replaces[0].endColumn, 33);
});

void test('a byte-order mark is an error (the go command rejects it) but the facts are still read, columns without it', () => {
  const f = mod('\uFEFFmodule x\ngo 1.21\n');
  assert.deepEqual(f.errors, [{ line: 1, column: 1, message: "go.mod:1: unexpected input character '\\ufeff'" }]);
  assert.deepEqual(f.module, { value: 'x', line: 1, column: 8, endColumn: 9 });
  assert.equal(f.go?.value, '1.21');
});

void test('error messages match the go command (messages taken from go mod edit -json)', () => {
  const cases: [string, string[]][] = [
    ['module x\ngo 1.x\n', ["go.mod:2: invalid go version '1.x': must match format 1.23.0"]],
    ['module x\ngo 1.21 1.22\n', ['go.mod:2: go directive expects exactly one argument']],
    ['module x\ngo 1.21\ngo 1.22\n', ['go.mod:3: repeated go statement']],
    ['module x\nmodule y\n', ['go.mod:2: repeated module statement']],
    ['module x\ntoolchain 1.21\n', ["go.mod:2: invalid toolchain version '1.21': must match format go1.23.0 or default"]],
    ['module x\ntoolchain go1.21 x\n', ['go.mod:2: toolchain directive expects exactly one argument']],
    ['module x\nfoo bar\nbaz\n', ['go.mod:2: unknown directive: foo', 'go.mod:3: unknown directive: baz']],
    ['module x\nrequire a\n', ['go.mod:2: usage: require module/path v1.2.3']],
    [
      'module x\nreplace a\n',
      ['go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory'],
    ],
    [
      'module x\nreplace a => b\n',
      ['go.mod:2: replacement module without version must be directory path (rooted or starting with . or ..)'],
    ],
    ['module x\nreplace a => ./b v1.0.0\n', ['go.mod:2: replacement module directory path "./b" cannot have version']],
    ['module x\nfoo (\n)\n', ['go.mod:2: unknown block type: foo']],
    ['module x\nrequire (\n a v1.0.0 ) \n)\n', ['go.mod:3:2: usage: require module/path v1.2.3']],
    ['module x\n/* c */\n', ['go.mod:2: mod files must use // comments (not /* */ comments)']],
    ['module x\ngo "1.21\n', ['go.mod:2:9: unexpected newline in string']],
    ['module x\nexclude a\n', ['go.mod:2: usage: exclude module/path v1.2.3']],
    ['module x\nretract\n', ["go.mod:2: expected '[' or version"]],
    ['module x\ngodebug foo\n', ['go.mod:2: usage: godebug key=value']],
    ['module x\ntool\n', ['go.mod:2: tool directive expects exactly one argument']],
    ['module\n', ['go.mod:1: usage: module module/path']],
    ['module x\n) \n', ['go.mod:2: unknown directive: )']],
    ['module x\nrequire (\n', ['go.mod:3: syntax error (unterminated block started at go.mod:2:1)']],
    ['module x\ngo 1.21.0-foo\n', ["go.mod:2: invalid go version '1.21.0-foo': must match format 1.23.0"]],
    ['module x\ngo 1\n', ["go.mod:2: invalid go version '1': must match format 1.23.0"]],
    ['module x\n\x01\n', ["go.mod:2: unexpected input character '\\x01'"]],
    ['module x\nrequire a v1.0.0 ( \n', ['go.mod:3: syntax error (unterminated block started at go.mod:2:1)']],
    ['module x\nrequire "a\\x" v1.0.0\n', ['go.mod:2: invalid quoted string: invalid syntax']],
    ["module x\nrequire 'a' v1.0.0\n", ['go.mod:2: invalid quoted string: unquoted string cannot contain quote']],
    ['module x\nrequire (\n\ta v1.0.0\n) x\n', ['go.mod:4:4: syntax error (expected newline after closing paren)']],
    ['module x\ngo "1.21\n', ['go.mod:2:9: unexpected newline in string']],
    ['module x\nretract v1.0.0 extra\n', ['go.mod:2: unexpected token after version: "extra"']],
    ['module x\nretract [v1.0.0, v1.1.0]\n', []],
    ['module x\nreplace a => C:\\dir\n', ['go.mod:2: replacement directory appears to be Windows path (on a non-windows system)']],
  ];
  for (const [text, expected] of cases) assert.deepEqual(messages(text), expected, JSON.stringify(text));
});

void test('valid files the go command accepts produce no errors', () => {
  for (const text of [
    '',
    '// only a comment\n',
    'module x\ngo 1.21rc1\ntoolchain go1.22.0\n',
    'module x\ntoolchain default\n',
    'go 1.21\n',
    'module x\nrequire ()\n',
    'module x\nrequire (\n)\n',
    'module x\ngodebug (\n\tpanicnil=1\n)\ntool golang.org/x/tools/cmd/stringer\nignore ./node_modules\n',
    'module x\nretract (\n\tv1.0.0 // bad\n\t[v1.1.0, v1.2.0]\n)\n',
    'module x\nrequire a v1.0.0 // indirect; comment\n',
    'module x\n\n\n   \t\n',
    'module x\nreplace a v1.0.0 => /abs/path\n',
    'module x // no newline at end',
  ]) {
    assert.deepEqual(mod(text).errors, [], JSON.stringify(text));
  }
  assert.equal(mod('module x\nrequire a v1.0.0 // indirect; comment\n').requires[0].indirect, true);
  assert.equal(mod('module x\nrequire a v1.0.0 // not indirect\n').requires[0].indirect, false);
});

void test('a Windows path in replace is fine when the go command runs on Windows', () => {
  assert.deepEqual(mod('module x\nreplace a => C:\\dir\n', true).errors, []);
  assert.equal(mod('module x\nreplace a => C:\\dir\n', true).replaces[0].isLocal, true);
});

void test('go.work: go, toolchain, use (line and block, quoted), replace; unknown directives; module is not allowed', () => {
  const f = work('go 1.23.0\ntoolchain go1.24.1\n\nuse ./a\nuse (\n\t./b // b\n\t"./c d"\n)\nreplace x => ../x\n');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.go, { value: '1.23.0', line: 1, column: 4, endColumn: 10 });
  assert.deepEqual(f.uses, [
    { path: './a', line: 4, column: 5, endColumn: 8 },
    { path: './b', line: 6, column: 2, endColumn: 5 },
    { path: './c d', line: 7, column: 2, endColumn: 9 },
  ]);
  assert.equal(f.replaces[0].newPath, '../x');
  assert.deepEqual(
    work('go 1.21\nuse ./a\nuse (\n ./b\n)\nfoo\n').errors.map((e) => e.message),
    ['go.work:6: unknown directive: foo'],
  );
  assert.deepEqual(
    work('module x\n').errors.map((e) => e.message),
    ['go.work:1: unknown directive: module'],
  );
  assert.deepEqual(
    work('use\n').errors.map((e) => e.message),
    ['go.work:1: usage: use local/dir'],
  );
  assert.deepEqual(
    work('require (\n)\n').errors.map((e) => e.message),
    ['go.work:1: unknown block type: require'],
  );
});

void test('the parser never throws on arbitrary input', () => {
  const samples = ['(', ')', '"', '`', 'module (', 'module "x', '\\', '\u2028', 'require (\n(\n)\n)', '\0', 'x'.repeat(10000), '\uD800'];
  for (const s of samples) {
    assert.doesNotThrow(() => mod(s));
    assert.doesNotThrow(() => work(s));
  }
});

void test("the go command's own messages are read from its stderr and shortened to the file name", () => {
  const stderr =
    'go: errors parsing go.mod:\n/tmp/m/go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory\n/tmp/m/go.mod:5:3: unknown directive: x\n';
  assert.deepEqual(parseGoCommandErrors(stderr, 'go.mod'), [
    {
      line: 2,
      column: 1,
      message:
        'go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory',
    },
    { line: 5, column: 3, message: 'go.mod:5:3: unknown directive: x' },
  ]);
  assert.deepEqual(
    parseGoCommandErrors('go: errors parsing go.work:\nerrors parsing go.work:\ngo.work:6: unknown directive: foo\n', 'go.work'),
    [{ line: 6, column: 1, message: 'go.work:6: unknown directive: foo' }],
  );
});
