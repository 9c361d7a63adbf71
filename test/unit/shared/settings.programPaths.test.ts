// Which program-path settings an untrusted workspace's settings files set, so the Health view can say what was ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programPathSettingsIn } from '../../../src/shared/settings';

void test('a folder settings.json with comments that points goHealth.goPath at a workspace script names that setting', () => {
  const text =
    '{\n  // Points Go Health at a script inside this workspace.\n  "goHealth.goPath": "${workspaceFolder}/fake-go",\n  "editor.tabSize": 2,\n}\n';
  assert.deepEqual(programPathSettingsIn(text, 'folder'), ['goHealth.goPath']);
});

void test("the Go extension's program settings count too, dotted or nested; other settings do not", () => {
  const text = '{ "go.goroot": "/ws/goroot", "go": { "alternateTools": { "go": "./go" } }, "goHealth.timeoutMs": 500 }';
  assert.deepEqual(programPathSettingsIn(text, 'folder'), ['go.goroot', 'go.alternateTools']);
});

void test('a .code-workspace file is read from its settings object only', () => {
  const text =
    '{ "folders": [{ "path": "." }], "goHealth.goPath": "not a setting here", "settings": { "goHealth.wslExecutable": "./wsl.exe" } }';
  assert.deepEqual(programPathSettingsIn(text, 'workspace-file'), ['goHealth.wslExecutable']);
});

void test('a file without program settings, or one that is not an object, names none', () => {
  assert.deepEqual(programPathSettingsIn('{ "editor.tabSize": 2 }', 'folder'), []);
  assert.deepEqual(programPathSettingsIn('[1, 2]', 'folder'), []);
  assert.deepEqual(programPathSettingsIn('{ "goHealth.goPath": ', 'folder'), []);
});
