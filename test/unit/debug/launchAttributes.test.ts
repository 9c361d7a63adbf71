// delve-bridge launch attributes: defaults, every invalid value named, and what Delve receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  delveRequestArguments,
  effectiveClientCwd,
  parseBridgeAttributes,
  type AttributeContext,
  type BridgeAttributes,
} from '../../../src/debug/launchAttributes';

const linux = { platform: 'linux' as const, env: {} };
const windows = { platform: 'win32' as const, env: { SystemRoot: 'D:\\Win' } };

function ok(request: 'launch' | 'attach', raw: unknown, context: AttributeContext = linux): BridgeAttributes {
  const result = parseBridgeAttributes(request, raw, context);
  if ('error' in result) assert.fail(result.error);
  return result.attributes;
}

void test('defaults: target local, mode debug, transport stdio, no mappings', () => {
  const a = ok('launch', { program: '/p' });
  assert.equal(a.target, 'local');
  assert.equal(a.mode, 'debug');
  assert.equal(a.transport, 'stdio');
  assert.deepEqual(a.pathMappings, []);
  assert.equal(ok('attach', { processId: 42 }).mode, 'local');
});

void test('target wsl on Windows finds wsl.exe under %SystemRoot%; elsewhere it must be given', () => {
  assert.equal(ok('launch', { target: 'wsl', program: 'C:\\p' }, windows).wslExecutable, 'D:\\Win\\System32\\wsl.exe');
  const elsewhere = parseBridgeAttributes('launch', { target: 'wsl', program: 'C:\\p' }, linux);
  assert.ok('error' in elsewhere && elsewhere.error.includes('"wslExecutable"'));
});

void test('every invalid attribute is named in one message', () => {
  const result = parseBridgeAttributes(
    'launch',
    {
      target: 'mars',
      transport: 'pigeon',
      mode: 'fast',
      args: [1],
      env: { A: 1 },
      buildFlags: 3,
      stopOnEntry: 'yes',
      pathMappings: [{ from: 'C:\\x' }],
      dlvPath: 'relative/dlv',
    },
    linux,
  );
  assert.ok('error' in result);
  for (const name of [
    '"target"',
    '"transport"',
    '"mode"',
    '"args"',
    '"env"',
    '"buildFlags"',
    '"stopOnEntry"',
    '"pathMappings"',
    '"program"',
  ]) {
    assert.ok(result.error.includes(name), `${name} in ${result.error}`);
  }
});

void test('wsl dlvPath must be a Linux path; local dlvPath must be absolute', () => {
  const wslBad = parseBridgeAttributes('launch', { target: 'wsl', program: 'C:\\p', dlvPath: 'C:\\dlv.exe', wslExecutable: '/w' }, linux);
  assert.ok('error' in wslBad && wslBad.error.includes('absolute Linux path'));
  const localBad = parseBridgeAttributes('launch', { program: '/p', dlvPath: 'dlv' }, linux);
  assert.ok('error' in localBad && localBad.error.includes('"dlvPath"'));
});

void test('the working directory defaults to the package folder, or the folder of a .go file or binary', () => {
  assert.equal(effectiveClientCwd(ok('launch', { program: 'C:\\Users\\dev\\proj' })), 'C:\\Users\\dev\\proj');
  assert.equal(effectiveClientCwd(ok('launch', { program: 'C:\\Users\\dev\\proj\\main.go' })), 'C:\\Users\\dev\\proj');
  assert.equal(effectiveClientCwd(ok('launch', { program: '/srv/app/bin/app', mode: 'exec' })), '/srv/app/bin');
  assert.equal(
    effectiveClientCwd(ok('launch', { program: '\\\\wsl.localhost\\Ubuntu\\home\\dev\\p' })),
    '\\\\wsl.localhost\\Ubuntu\\home\\dev\\p',
  );
  assert.equal(effectiveClientCwd(ok('launch', { program: '/p', cwd: 'C:\\work' })), 'C:\\work');
  assert.equal(effectiveClientCwd(ok('launch', { program: './cmd/app' })), undefined);
});

void test("Delve gets everything but the bridge's own keys", () => {
  const raw = {
    type: 'delve-bridge',
    name: 'x',
    request: 'launch',
    target: 'wsl',
    distro: 'Ubuntu',
    dlvPath: '/d',
    wslExecutable: '/w',
    automountRoot: '/mnt/',
    transport: 'tcp',
    pathMappings: [],
    __sessionId: 'abc',
    program: 'C:\\p',
    args: ['-v'],
    env: { A: 'b' },
    buildFlags: ['-tags', 'x'],
    stopOnEntry: true,
    showLog: true,
  };
  const args = delveRequestArguments(raw, ok('launch', raw));
  assert.deepEqual(args, {
    program: 'C:\\p',
    args: ['-v'],
    env: { A: 'b' },
    buildFlags: ['-tags', 'x'],
    stopOnEntry: true,
    showLog: true,
    mode: 'debug',
    cwd: 'C:\\p',
  });
});
