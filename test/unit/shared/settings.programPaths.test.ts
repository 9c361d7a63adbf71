// Which restricted settings (program paths, what decides the findings) an untrusted workspace's settings files set, so the Health view can say what was ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restrictedSettingsIn } from '../../../src/shared/settings';

void test('a folder settings.json with comments that points goHealth.goPath at a workspace script names that setting', () => {
  const text =
    '{\n  // Points Go Health at a script inside this workspace.\n  "goHealth.goPath": "${workspaceFolder}/fake-go",\n  "editor.tabSize": 2,\n}\n';
  assert.deepEqual(restrictedSettingsIn(text, 'folder'), ['goHealth.goPath']);
});

void test("the Go extension's program settings count too, dotted or nested; other settings do not", () => {
  const text = '{ "go.goroot": "/ws/goroot", "go": { "alternateTools": { "go": "./go" } }, "editor.tabSize": 4 }';
  assert.deepEqual(restrictedSettingsIn(text, 'folder'), ['go.goroot', 'go.alternateTools']);
});

void test('settings that would silence the checks are named however they are nested', () => {
  const text =
    '{ "goHealth.timeoutMs": 500, "goHealth": { "checks": { "disabled": ["go-broken"] }, "checks.severityOverrides": {} }, "goHealth.compareLoginShell": false }';
  assert.deepEqual(restrictedSettingsIn(text, 'folder'), [
    'goHealth.timeoutMs',
    'goHealth.checks.disabled',
    'goHealth.checks.severityOverrides',
    'goHealth.compareLoginShell',
  ]);
});

void test('a .code-workspace file is read from its settings object only', () => {
  const text =
    '{ "folders": [{ "path": "." }], "goHealth.goPath": "not a setting here", "settings": { "goHealth.wslExecutable": "./wsl.exe" } }';
  assert.deepEqual(restrictedSettingsIn(text, 'workspace-file'), ['goHealth.wslExecutable']);
});

void test('a file without program settings, or one that is not an object, names none', () => {
  assert.deepEqual(restrictedSettingsIn('{ "editor.tabSize": 2 }', 'folder'), []);
  assert.deepEqual(restrictedSettingsIn('[1, 2]', 'folder'), []);
  assert.deepEqual(restrictedSettingsIn('{ "goHealth.goPath": ', 'folder'), []);
});
