// Host-style path comparison: what counts as the same path, and as inside a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnder, normPath, samePath } from '../../../src/core/paths';

void test('a folder whose name starts with two dots is inside the workspace; a path through .. is judged where it lands', () => {
  assert.equal(isUnder('/ws/..evil/go', '/ws', false), true);
  assert.equal(isUnder('/wsx/go', '/ws', false), false);
  assert.equal(isUnder('/ws/../evil/go', '/ws', false), false);
  assert.equal(isUnder('/ws/sub/../go', '/ws', false), true);
  assert.equal(isUnder('C:\\ws\\..evil\\go.exe', 'c:/WS/', true), true);
  assert.equal(isUnder('C:\\ws\\..\\evil\\go.exe', 'c:/WS/', true), false);
  assert.equal(isUnder('C:\\WS\\bin\\go.exe', 'c:/ws', true), true);
});

void test('separators, case on Windows, trailing separators and dot segments do not make two paths differ', () => {
  assert.ok(samePath('C:/Go/bin/', 'c:\\go\\bin', true));
  assert.ok(samePath('/usr/local//go/./bin/', '/usr/local/go/bin', false));
  assert.ok(!samePath('/usr/local/Go', '/usr/local/go', false));
  assert.equal(normPath('C:\\', true), 'c:\\');
  assert.equal(normPath('/', false), '/');
  assert.equal(normPath('\\\\server\\share\\dir\\', true), '\\\\server\\share\\dir');
});

void test('a long-path spelling (\\\\?\\C:\\…, \\\\?\\UNC\\…) is the same path as the short one, and lies where the short one lies', () => {
  assert.ok(samePath('\\\\?\\Z:\\tmp\\ws\\go.mod', 'z:\\tmp\\ws\\go.mod', true));
  assert.ok(samePath('\\\\?\\UNC\\server\\share\\go', '\\\\server\\share\\go', true));
  assert.ok(isUnder('\\\\?\\Z:\\tmp\\ws\\go.mod', 'Z:/tmp/ws', true));
  assert.ok(!isUnder('\\\\?\\Z:\\tmp\\other\\go.mod', 'Z:/tmp/ws', true));
  // On POSIX the same characters are an ordinary relative name.
  assert.ok(!samePath('\\\\?\\Z:\\x', 'Z:\\x', false));
});
