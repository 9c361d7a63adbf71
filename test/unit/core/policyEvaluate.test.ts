// What each env test of a policy means for a value and which value complies; Go and tool version ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compliantValue, entriesOf, judgeEnvRule, ruleInWords } from '../../../src/core/policy/evaluate';
import type { EnvRule, EnvTest } from '../../../src/core/policy/model';
import {
  goPinSatisfies,
  goSatisfies,
  isPseudoVersion,
  lowestGoRelease,
  readRange,
  toolInstallVersion,
  toolSatisfies,
} from '../../../src/core/policy/ranges';

function rule(variable: string, t: EnvTest, values: string[] = []): EnvRule {
  return { kind: 'env', name: `env.${variable}.${t}`, variable, test: t, values, severity: 'error', line: 1, column: 1, endColumn: 2 };
}

function range(text: string, kind: 'go' | 'tool' = 'go') {
  const r = readRange(text, kind);
  assert.ok(r.ok, text);
  return r.range;
}

void test('entries: GOFLAGS by spaces (quotes kept together), GOPROXY by , and |, lists by commas', () => {
  assert.deepEqual(entriesOf('GOFLAGS', `-mod=readonly  '-ldflags=-s -w' -trimpath`), ['-mod=readonly', '-ldflags=-s -w', '-trimpath']);
  assert.deepEqual(entriesOf('GOPROXY', 'https://a.example|https://b.example, direct'), [
    'https://a.example',
    'https://b.example',
    'direct',
  ]);
  assert.deepEqual(entriesOf('GOPRIVATE', '*.corp.example, github.com/org/*,'), ['*.corp.example', 'github.com/org/*']);
  assert.deepEqual(entriesOf('GOPRIVATE', ''), []);
});

void test('each test judges a value, and says in words what it wants', () => {
  const cases: [EnvRule, string, boolean, string[] | undefined][] = [
    [rule('GOPROXY', 'equals', ['https://p.example']), 'https://p.example', true, undefined],
    [rule('GOPROXY', 'equals', ['https://p.example']), 'https://proxy.golang.org,direct', false, undefined],
    [rule('GOTOOLCHAIN', 'oneOf', ['auto', 'local']), 'local', true, undefined],
    [rule('GOTOOLCHAIN', 'oneOf', ['auto', 'local']), 'go1.26.8', false, undefined],
    [rule('GOSUMDB', 'not', ['off']), 'off', false, undefined],
    [rule('GOSUMDB', 'not', ['off']), '', true, undefined],
    [rule('GOPRIVATE', 'includes', ['*.corp.example']), 'github.com/x,*.corp.example', true, []],
    [rule('GOFLAGS', 'includes', ['-mod=readonly', '-trimpath']), '-trimpath', false, ['-mod=readonly']],
    // A flag named without a value matches any value of it.
    [rule('GOFLAGS', 'includes', ['-mod']), '-mod=vendor', true, []],
    [rule('GOFLAGS', 'excludes', ['-mod']), '-trimpath -mod=mod', false, ['-mod=mod']],
    [rule('GOFLAGS', 'excludes', ['-mod=vendor']), '-mod=mod', true, []],
    [rule('GOPROXY', 'noDirect'), 'https://p.example|direct', false, ['direct']],
    [rule('GOPROXY', 'noDirect'), 'https://p.example,off', true, []],
  ];
  for (const [r, value, complies, entries] of cases) {
    const v = judgeEnvRule(r, value);
    assert.equal(v.complies, complies, `${r.name} ${value}`);
    assert.deepEqual(v.entries, entries, `${r.name} ${value}`);
  }
  assert.equal(ruleInWords(rule('GOFLAGS', 'includes', ['-mod=readonly'])), 'GOFLAGS must include -mod=readonly');
  assert.equal(ruleInWords(rule('GOSUMDB', 'not', ['off', ''])), 'GOSUMDB must not be off, (empty)');
  assert.equal(ruleInWords(rule('GOINSECURE', 'equals', [''])), 'GOINSECURE must be unset');
  assert.match(ruleInWords(rule('GOPROXY', 'noDirect')), /must not fall back to direct/);
});

void test('the compliant value keeps what the rule allows of the current one; GOPROXY keeps its separators and fallback', () => {
  assert.equal(compliantValue(rule('GOPROXY', 'equals', ['https://p.example']), 'off'), 'https://p.example');
  assert.equal(compliantValue(rule('GOINSECURE', 'equals', ['']), '*'), undefined);
  assert.equal(compliantValue(rule('GOTOOLCHAIN', 'oneOf', ['auto', 'local']), 'go1.20'), 'auto');
  assert.equal(compliantValue(rule('GOSUMDB', 'not', ['off']), 'off'), undefined);
  assert.equal(compliantValue(rule('GOSUMDB', 'not', ['off', '']), 'off'), null);
  assert.equal(compliantValue(rule('GOFLAGS', 'includes', ['-mod=readonly']), '-trimpath'), '-trimpath -mod=readonly');
  // The flag's other value (here a misspelt one) is replaced, not kept beside it.
  assert.equal(compliantValue(rule('GOFLAGS', 'includes', ['-mod=readonly']), '-mod=vender -trimpath'), '-trimpath -mod=readonly');
  assert.equal(compliantValue(rule('GOPRIVATE', 'includes', ['*.corp.example']), ''), '*.corp.example');
  // New proxies go before the fallback, which must stay last; '|' stays '|'.
  assert.equal(
    compliantValue(rule('GOPROXY', 'includes', ['https://p.example']), 'https://proxy.golang.org|direct'),
    'https://proxy.golang.org,https://p.example|direct',
  );
  assert.equal(
    compliantValue(rule('GOPROXY', 'noDirect'), 'https://a.example|https://b.example,direct'),
    'https://a.example|https://b.example',
  );
  assert.equal(compliantValue(rule('GOPROXY', 'noDirect'), 'direct'), null);
  assert.equal(compliantValue(rule('GOFLAGS', 'excludes', ['-mod']), '-mod=mod -trimpath'), '-trimpath');
  assert.equal(compliantValue(rule('GOFLAGS', 'excludes', ['-mod']), '-mod=mod'), undefined);
});

void test('Go releases against ranges: patches, release candidates, minor-only pins', () => {
  const r = range('>=1.26.10 <1.28');
  assert.equal(goSatisfies('go1.26.8', r), false);
  assert.equal(goSatisfies('go1.26.10', r), true);
  assert.equal(goSatisfies('1.27.3', r), true);
  assert.equal(goSatisfies('go1.28.0', r), false);
  // A release candidate is outside a range that names none (semver's rule), so it is reported, not waved through.
  assert.equal(goSatisfies('go1.27rc1', r), false);
  assert.equal(goSatisfies('devel', r), undefined);
  assert.equal(goSatisfies('go1.25.4', range('1.25')), true);
  // A minor-only pin resolves to some release of that minor: it fits when one of them does.
  assert.equal(goPinSatisfies('1.26', r), true);
  assert.equal(goPinSatisfies('1.25', r), false);
  assert.equal(goPinSatisfies('1.26.3', r), false);
  assert.equal(lowestGoRelease(r), '1.26.10');
  assert.equal(lowestGoRelease(range('^1.27')), '1.27.0');
});

void test('tool versions: module versions against semver ranges, pseudo-versions and devel builds cannot be judged', () => {
  const r = range('>=1.26.0', 'tool');
  assert.equal(toolSatisfies('v1.27.2', r), true);
  assert.equal(toolSatisfies('v1.25.1', r), false);
  assert.equal(toolSatisfies('(devel)', r), undefined);
  assert.equal(toolSatisfies(undefined, r), undefined);
  assert.equal(isPseudoVersion('v0.0.0-20240101000000-abcdef123456'), true);
  assert.equal(isPseudoVersion('v1.27.2'), false);
  // Open above: the newest; bounded: the lowest in the range, so the install is inside it.
  assert.equal(toolInstallVersion(r), 'latest');
  assert.equal(toolInstallVersion(range('>=2.1.0 <3', 'tool')), 'v2.1.0');
  assert.equal(toolInstallVersion(range('~1.25.2', 'tool')), 'v1.25.2');
});
