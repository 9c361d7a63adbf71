// Nesting depth without recursion: deep JSON and JSONC are refused before a recursive parser or serializer sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan, valueNestsDeeperThan } from '../../../src/shared/jsonDepth';
import { jsoncEdits, jsoncProblem, parseJsonc } from '../../../src/shared/jsonc';
import { debugSetupFrom } from '../../../src/server/debugSetup';
import { restrictedSettingsIn } from '../../../src/shared/settings';

void test('depth counts nesting, not brackets: strings, escapes and comments do not count', () => {
  assert.equal(nestsDeeperThan('[[[]]]', 3), false);
  assert.equal(nestsDeeperThan('[[[[]]]]', 3), true);
  assert.equal(nestsDeeperThan('[[],[],[],[],[]]', 2), false, 'siblings are not depth');
  assert.equal(nestsDeeperThan('["[[[[[[", "\\"[[[[["]', 2), false);
  assert.equal(nestsDeeperThan('[ // [[[[[[\n /* [[[[[[ */ 1]', 2), false);
  assert.equal(nestsDeeperThan(Buffer.from('{"a":{"b":{"c":{}}}}'), 3), true, 'bytes as well as strings');
  assert.equal(nestsDeeperThan('['.repeat(10_000)), true);
});

void test('a value built without JSON is measured with a stack, cycles included', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(valueNestsDeeperThan(deep), true);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(valueNestsDeeperThan(cyclic), false);
  assert.equal(valueNestsDeeperThan({ a: [{ b: 1 }] }, 3), false);
});

void test('a 10 KB launch.json of [ is "nothing set up", not a stack overflow; editing it is refused with the reason', () => {
  const text = '['.repeat(10 * 1024);
  assert.deepEqual(debugSetupFrom([text]), { debuggingSetUp: false, probeWsl: false });
  assert.equal(parseJsonc(text), undefined);
  assert.match(jsoncProblem(text) ?? '', /more than 128 levels deep/);
  const edit = jsoncEdits(text, ['configurations'], []);
  assert.equal(edit.ok, false);
  assert.deepEqual(restrictedSettingsIn(`{"goHealth.goPath": ${text}`, 'folder'), []);
});
