// What launch.json tells the checks: Go debugging set up, and a WSL distro and transport to probe from Windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugSetupFrom } from '../../../src/server/debugSetup';

void test('no launch.json, or one without Go configurations, sets nothing up', () => {
  assert.deepEqual(debugSetupFrom([undefined]), { debuggingSetUp: false, probeWsl: false });
  assert.deepEqual(debugSetupFrom(['{ "configurations": [{ "type": "node" }] }']), { debuggingSetUp: false, probeWsl: false });
});

void test('a VS Code Go configuration counts as debugging set up, without WSL', () => {
  assert.deepEqual(debugSetupFrom(['{ "configurations": [{ "type": "go", "request": "launch" }] }']), {
    debuggingSetUp: true,
    probeWsl: false,
  });
});

void test('a delve-bridge WSL configuration (with comments and trailing commas) names the distro and transport', () => {
  const text = `{
    // the WSL half
    "configurations": [
      { "type": "delve-bridge", "target": "local", },
      { "type": "delve-bridge", "target": "wsl", "distro": "Ubuntu-24.04", "transport": "tcp", /* over forwarding */ },
    ],
  }`;
  assert.deepEqual(debugSetupFrom([text]), { debuggingSetUp: true, probeWsl: true, debugDistro: 'Ubuntu-24.04', debugTransport: 'tcp' });
});

void test('a launch.json being typed (invalid) says what it can and never throws', () => {
  assert.doesNotThrow(() => debugSetupFrom(['{ "configurations": [ { "type": "delve-bridge", "target": "wsl"', '}}}', 'null', '[1,2]']));
  assert.equal(debugSetupFrom(['{ "configurations": [ { "type": "delve-bridge", "target": "wsl" ']).probeWsl, true);
});
