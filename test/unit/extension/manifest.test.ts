// The manifest agrees with the code: command ids, check ids offered in settings, restricted settings, views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../../src/core/checks/index';
import { COMMANDS } from '../../../src/extension/presentation';
import { COMMAND_TABLE_IDS } from './extensionCommandIds';
import { RESTRICTED_SETTINGS } from '../../../src/shared/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));

void test('every command the code registers is declared, with the "Go Health" category', () => {
  const declared = new Map<string, { title: string; category: string }>(
    pkg.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, c]),
  );
  for (const id of [...Object.values(COMMANDS), ...COMMAND_TABLE_IDS]) {
    assert.ok(declared.has(id), id);
    assert.equal(declared.get(id)!.category, 'Go Health');
  }
  assert.equal(declared.get('goHealth.rerun')!.title, 'Re-run Checks');
  assert.equal(declared.get('goHealth.fixProblem')!.title, 'Fix a Problem…');
});

void test('the settings offer exactly the check ids the engine and the editor checks have', () => {
  const ids = ALL_CHECKS.map((c) => c.id).sort();
  assert.deepEqual([...pkg.contributes.configuration.properties['goHealth.checks.disabled'].items.enum].sort(), ids);
});

void test('our program-path settings and the settings that decide findings are restricted in untrusted workspaces', () => {
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const id of RESTRICTED_SETTINGS.filter((s) => s.startsWith('goHealth.'))) assert.ok(restricted.includes(id), id);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});
