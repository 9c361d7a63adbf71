// The team policy reader: every rule form at its line, severities and reasons, and each kind of bad input as one problem at its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../src/core/policy/parse';
import { POLICY_VOCABULARY } from '../../../src/core/probe/policy';
import type { EnvRule } from '../../../src/core/policy/model';

const read = (text: string) => parsePolicy(text, POLICY_VOCABULARY);

void test('a policy with every rule form: each rule named, at its own line and column, default severity error', () => {
  const text = [
    '// team policy',
    '{',
    '  "$schema": "./schema.json",',
    '  "go": ">=1.26.10 <1.28",',
    '  "env": {',
    '    "GOPROXY": "https://goproxy.corp.example",',
    '    "GOSUMDB": { "not": ["off"], "reason": "checksums stay on" },',
    '    "GOPRIVATE": { "includes": "*.corp.example" },',
    '    "GOFLAGS": { "includes": ["-mod=readonly"], "excludes": ["-mod"], "severity": "warning" },',
    '    "GOTOOLCHAIN": { "oneOf": ["auto", "local"] },',
    '    "GONOPROXY": { "equals": "" },',
    /* comment */ '    "GOINSECURE": "",',
    '  },',
    '  "tools": { "dlv": ">=1.26.0", "golangci-lint": { "version": "^2.1", "severity": "info" } }',
    '}',
  ].join('\n');
  const { rules, problems } = read(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    rules.map((r) => [r.name, r.line, r.column, r.severity]),
    [
      ['go', 4, 3, 'error'],
      ['env.GOPROXY', 6, 5, 'error'],
      ['env.GOSUMDB.not', 7, 18, 'error'],
      ['env.GOPRIVATE.includes', 8, 20, 'error'],
      ['env.GOFLAGS.includes', 9, 18, 'warning'],
      ['env.GOFLAGS.excludes', 9, 49, 'warning'],
      ['env.GOTOOLCHAIN.oneOf', 10, 22, 'error'],
      ['env.GONOPROXY', 11, 20, 'error'],
      ['env.GOINSECURE', 12, 5, 'error'],
      ['tools.dlv', 14, 14, 'error'],
      ['tools.golangci-lint', 14, 33, 'info'],
    ],
  );
  const sumdb = rules.find((r) => r.name === 'env.GOSUMDB.not') as EnvRule;
  assert.deepEqual([sumdb.test, sumdb.values, sumdb.reason], ['not', ['off'], 'checksums stay on']);
  // A single string where a list is expected is a list of one.
  assert.deepEqual((rules.find((r) => r.name === 'env.GOPRIVATE.includes') as EnvRule).values, ['*.corp.example']);
  // The span of a one-line rule covers the whole property, so Problems underlines all of it.
  const proxy = rules.find((r) => r.name === 'env.GOPROXY')!;
  assert.equal(proxy.endColumn - proxy.column, '"GOPROXY": "https://goproxy.corp.example"'.length);
});

void test('a top-level severity is the default of every rule that gives none; noDirect is GOPROXY only', () => {
  const { rules, problems } = read(
    '{ "severity": "warning", "go": "1.26.x", "env": { "GOPROXY": { "noDirect": true, "severity": "error" } } }',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    rules.map((r) => [r.name, r.severity]),
    [
      ['go', 'warning'],
      ['env.GOPROXY.noDirect', 'error'],
    ],
  );
  const bad = read('{ "env": { "GOSUMDB": { "noDirect": true } } }');
  assert.equal(bad.rules.length, 0);
  assert.match(bad.problems[0].message, /noDirect applies to GOPROXY only/);
  assert.equal(bad.problems[0].severity, 'error');
});

void test('a malformed file is one problem at the offending line, and the rules the parser recovered still count', () => {
  const text = ['{', '  "go": ">=1.26"', '  "env": { "GOPROXY": "off" },', '  "tools": { "dlv": ">=1.0.0",, }', '}'].join('\n');
  const { rules, problems } = read(text);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.deepEqual([problems[0].kind, problems[0].line, problems[0].severity], ['syntax', 3, 'error']);
  assert.match(problems[0].message, /a comma is missing before this; rules after this point may not have been read/);
  assert.deepEqual(
    rules.map((r) => r.name),
    ['go', 'env.GOPROXY', 'tools.dlv'],
  );
});

void test('empty files, a root that is not an object and a BOM', () => {
  assert.match(read('').problems[0].message, /the file is empty/);
  assert.match(read('// only a comment\n').problems[0].message, /the file is empty/);
  assert.match(read('[1, 2]').problems[0].message, /a policy is a JSON object/);
  const bom = read('\uFEFF{ "go": "1.26" }');
  assert.deepEqual(bom.problems, []);
  assert.deepEqual([bom.rules[0].line, bom.rules[0].column], [1, 3]);
});

void test('unknown names are warnings with the closest valid name; a name already used is not offered as a rename', () => {
  const text = [
    '{',
    '  "tool": {},',
    '  "env": {',
    '    "GOPROXYY": "x",',
    '    "goflags": "-mod=readonly",',
    '    "GOFLAGS": { "include": ["-mod=readonly"] },',
    '    "GOSUMDB": "sum.golang.org",',
    '    "GOSUMBD": "off"',
    '  },',
    '  "tools": { "golangci_lint": ">=2", "delve": ">=1", "buf": ">=1" }',
    '}',
  ].join('\n');
  const { problems } = read(text);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.line, p.severity, p.suggestion, p.suggestionTaken ?? false]),
    [
      ['unknown-name', 2, 'warning', 'tools', true],
      ['unknown-name', 4, 'warning', 'GOPROXY', false],
      ['unknown-name', 5, 'warning', 'GOFLAGS', true],
      ['unknown-name', 6, 'warning', 'includes', false],
      ['unknown-name', 8, 'warning', 'GOSUMDB', true],
      ['unknown-name', 10, 'warning', 'golangci-lint', false],
      ['unknown-name', 10, 'warning', 'dlv', false],
      ['unknown-name', 10, 'warning', undefined, false],
    ],
  );
  assert.match(problems[1].message, /"GOPROXYY" is not a Go variable Go Health reads \(did you mean "GOPROXY"\?\); the rule is ignored/);
  assert.match(problems[6].message, /"delve" is not a tool Go Health looks for \(did you mean "dlv"\?\)/);
  assert.match(problems[7].message, /"buf" is not a tool Go Health looks for \(valid: gopls, dlv, /);
});

void test('ranges that cannot be read say why; the rule is dropped and the others stay', () => {
  const cases: [string, RegExp][] = [
    ['>=go1.26', /'>=go1.26' has a go prefix: write the version alone \(>=1.26\)/],
    ['>=1.26..10', /'>=1.26..10' has an empty part/],
    ['1.26.1.2', /'1.26.1.2' has more than three parts/],
    ['newest', /'newest' is not a version \(Go releases are numbers such as 1.26.10\)/],
    ['=>1.26', /'=>' is not an operator/],
    ['>=1.28 <1.26', /no version satisfies it \(its bounds exclude each other\)/],
    ['  ', /the range is empty/],
  ];
  for (const [range, why] of cases) {
    const { rules, problems } = read(`{ "go": ${JSON.stringify(range)}, "env": { "GOPROXY": "off" } }`);
    assert.equal(problems.length, 1, range);
    assert.equal(problems[0].kind, 'bad-range');
    assert.deepEqual([problems[0].line, problems[0].column], [1, 9]);
    assert.match(problems[0].message, why, range);
    assert.match(problems[0].message, /write versions like 1.26 or 1.26.10|bounds|empty/);
    assert.deepEqual(
      rules.map((r) => r.name),
      ['env.GOPROXY'],
    );
  }
  const tool = read('{ "tools": { "dlv": { "version": "latest" } } }');
  assert.match(tool.problems[0].message, /tools.dlv "latest" cannot be read as a version range: 'latest' is not a version;/);
});

void test('values of the wrong type, empty tests and repeated keys are reported where they are', () => {
  const text = [
    '{',
    '  "severity": "high",',
    '  "go": { "severity": "warning" },',
    '  "env": {',
    '    "GOPROXY": 1,',
    '    "GOSUMDB": { "equals": ["a"] },',
    '    "GOFLAGS": { "oneOf": [] },',
    '    "GOPRIVATE": { "reason": "x" },',
    '    "GOINSECURE": "a",',
    '    "GOINSECURE": ""',
    '  },',
    '  "tools": []',
    '}',
  ].join('\n');
  const { rules, problems } = read(text);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.line]),
    [
      ['bad-value', 2],
      ['bad-value', 3],
      ['duplicate', 9],
      ['bad-value', 5],
      ['bad-value', 6],
      ['bad-value', 7],
      ['bad-value', 8],
      ['bad-value', 12],
    ],
  );
  assert.match(problems[0].message, /severity must be "error", "warning" or "info"; "error" is used/);
  assert.match(problems[1].message, /go needs a "version" range/);
  assert.match(problems[2].message, /"GOINSECURE" is given again further down; only that later one counts/);
  assert.match(problems[6].message, /env.GOPRIVATE states no test/);
  // The later GOINSECURE wins, and an unreadable top-level severity falls back to error.
  assert.deepEqual(
    rules.map((r) => [r.name, (r as EnvRule).values, r.severity]),
    [['env.GOINSECURE', [''], 'error']],
  );
});
