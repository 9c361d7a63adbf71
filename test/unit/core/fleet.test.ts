// Redaction rules, the bounded environment history and what it says changed, the merge of many machines' reports, and what the OTLP export is told (protocols, resource).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otlpProtocols, resourceAttributes } from '../../../src/cli/otlp';
import { makeRedactor, redact, redactValue } from '../../../src/core/redact';
import {
  appendState,
  describeChange,
  diffSnapshots,
  historyChanges,
  HISTORY_MAX_STATES,
  probeHistory,
  whenSaid,
  type EnvSnapshot,
} from '../../../src/core/history';
import { ReportMerger, renderMergedMarkdown } from '../../../src/core/merge';
import { fakeHost } from '../support/fakeHost';

void test('redaction: home in every spelling, the user and the host, each only where it stands alone', () => {
  const r = makeRedactor({ homedir: '/home/bob', username: 'bob', hostname: 'bobs-laptop.corp.example' });
  assert.equal(r('/home/bob/go/bin and /home/bobcat/x'), '~/go/bin and /home/bobcat/x', 'a longer directory is another one');
  assert.equal(r('user bob on bobs-laptop (bobs-laptop.corp.example), not bobcat'), 'user <user> on <host> (<host>), not bobcat');
  assert.equal(r('file:///home/bob/src/go.mod'), 'file://~/src/go.mod');
  const win = makeRedactor({ homedir: 'C:\\Users\\Bob Smith', username: 'Bob' });
  assert.equal(win('C:\\Users\\Bob Smith\\go'), '~\\go');
  assert.equal(win(JSON.stringify({ p: 'C:\\Users\\Bob Smith\\go' })), '{"p":"~\\\\go"}', 'JSON-escaped backslashes');
  assert.equal(win('file:///C:/Users/Bob%20Smith/go/go.mod'), 'file:///~/go/go.mod', 'a file URL');
  assert.equal(redact('C:\\Users\\Bob\\go and C:/Users/Bob/sdk', { homedir: 'C:\\Users\\Bob', username: 'Bob' }), '~\\go and ~/sdk');
});

void test('redaction keeps names that are words of every report: a user called go or root is not erased', () => {
  const r = makeRedactor({ homedir: '/root', username: 'root', hostname: 'localhost' });
  assert.equal(r('GOROOT is /root/sdk/go; run go env as root on localhost'), 'GOROOT is ~/sdk/go; run go env as root on localhost');
  assert.equal(makeRedactor({ homedir: '/home/go', username: 'go' })('go version at /home/go/bin'), 'go version at ~/bin');
});

void test('redactValue: every string and key of a report, the input left as it was', () => {
  const report = { host: { cwd: '/home/bob/app' }, findings: [{ evidence: { '/home/bob/x': ['bob', 3, null] } }] };
  const out = redactValue(report, { homedir: '/home/bob', username: 'bob' });
  assert.deepEqual(out, { host: { cwd: '~/app' }, findings: [{ evidence: { '~/x': ['<user>', 3, null] } }] });
  assert.equal(report.host.cwd, '/home/bob/app');
});

function state(at: string, vars: Record<string, string>, go = 'go1.26.8'): EnvSnapshot {
  return {
    firstSeen: at,
    lastSeen: at,
    go: { path: '/usr/local/go/bin/go', version: go },
    vars: Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, { value: v, source: 'goenv-file' as const, file: '/home/u/.config/go/env' }]),
    ),
  };
}

void test('history: the same state only moves lastSeen; a new one is appended; at most HISTORY_MAX_STATES are kept', () => {
  let states = appendState([], state('2026-01-01T00:00:00Z', { GOPROXY: 'a' }));
  states = appendState(states, state('2026-01-02T00:00:00Z', { GOPROXY: 'a' }));
  assert.equal(states.length, 1);
  assert.equal(states[0]!.firstSeen, '2026-01-01T00:00:00Z');
  assert.equal(states[0]!.lastSeen, '2026-01-02T00:00:00Z');
  for (let i = 0; i < HISTORY_MAX_STATES + 10; i++)
    states = appendState(states, state(`2026-02-01T00:00:${String(i % 60).padStart(2, '0')}Z`, { GOPROXY: `p${i}` }));
  assert.equal(states.length, HISTORY_MAX_STATES);
  assert.equal(states[states.length - 1]!.vars.GOPROXY!.value, `p${HISTORY_MAX_STATES + 9}`, 'the newest kept, the oldest dropped');
});

void test('history: what changed, said with when and where the new value is set', () => {
  const before = state('2026-03-01T10:00:00Z', { GOPROXY: 'https://proxy.golang.org,direct', GOFLAGS: '' });
  const after = { ...state('2026-03-02T09:00:00Z', { GOPROXY: 'https://athens.corp,direct', GOFLAGS: '', GONEW: 'x' }, 'go1.26.9') };
  const changes = diffSnapshots(before, after);
  assert.deepEqual(
    changes.map((c) => c.name),
    ['go', 'GOPROXY'],
    'a variable only the newer state recorded is not a change',
  );
  assert.equal(
    describeChange(changes[1]!, after.firstSeen, '2026-03-02T12:00:00Z'),
    'GOPROXY changed today from https://proxy.golang.org,direct to https://athens.corp,direct, set in the go env file (/home/u/.config/go/env)',
  );
  assert.match(
    describeChange(changes[0]!, after.firstSeen, '2026-03-03T08:00:00Z'),
    /^The active go changed yesterday from go1\.26\.8 at .* to go1\.26\.9 at /,
  );
  assert.equal(whenSaid('2026-03-01T00:00:00Z', '2026-03-05T00:00:00Z'), '4 days ago');
  assert.equal(whenSaid('2026-01-01T00:00:00Z', '2026-03-05T00:00:00Z'), 'on 2026-01-01');
  assert.deepEqual(
    historyChanges([before, after]).map((h) => h.at),
    [after.firstSeen],
  );
});

void test('history: a damaged file is reported and started afresh, never thrown', async () => {
  const host = fakeHost({ homedir: '/home/u', env: { HOME: '/home/u' } });
  host.writeFile('/home/u/.local/state/gohealth/env-history.json', '{"version": 1, "states": [tru');
  const h = await probeHistory(host, '2026-03-01T00:00:00Z');
  assert.equal(h?.states.length, 0);
  assert.match(h?.readError ?? '', /could not be read .*started afresh/);
});

void test('merge: findings counted once per machine, the worst severity, Go versions, policy and the worst machines', () => {
  const m = new ReportMerger();
  const rep = (go: string, findings: [string, string][], policy?: boolean, rulesBroken?: number) => ({
    schemaVersion: 1,
    toolchains: [{ active: true, version: go }],
    findings: findings.map(([id, severity]) => ({ id, severity, title: `${id} title` })),
    ...(policy === undefined ? {} : { policy: { compliant: policy, ...(rulesBroken === undefined ? {} : { rulesBroken }) } }),
  });
  m.add(
    'a',
    rep(
      'go1.26.8',
      [
        ['tool-missing', 'info'],
        ['tool-missing', 'info'],
      ],
      true,
    ),
  );
  m.add(
    'b',
    rep(
      'go1.26.8',
      [
        ['tool-missing', 'warning'],
        ['goroot-mismatch', 'error'],
      ],
      false,
      2,
    ),
  );
  m.add('c', rep('go1.25.4', []));
  assert.equal(m.add('d', { hello: 'world' }), false);
  const s = m.summary();
  assert.equal(s.machines, 3);
  assert.deepEqual(
    s.findings.map((f) => [f.id, f.severity, f.machines]),
    [
      ['tool-missing', 'warning', 2],
      ['goroot-mismatch', 'error', 1],
    ],
  );
  assert.deepEqual(s.goVersions, [
    { version: 'go1.26.8', machines: 2 },
    { version: 'go1.25.4', machines: 1 },
  ]);
  assert.deepEqual(s.policy, { compliant: 1, nonCompliant: 1, noPolicy: 1 });
  assert.deepEqual(
    s.worst.map((w) => w.name),
    ['b'],
  );
  assert.equal(s.skipped.length, 1);
  const md = renderMergedMarkdown(s);
  assert.match(md, /1 of 2 machines with a team policy comply \(50%\); 1 do not; 1 report had no policy\./);
  assert.match(md, /\| `tool-missing` \| warning \| 2 \(67%\) \| tool-missing title \|/);
  assert.match(md, /\| b \| 1 \| 1 \| 0 \| go1\.26\.8 \| does not comply \(2 rules broken\) \|/);
});

void test('OTLP protocol: per-signal variable over the general one, http/json by default, anything else a clear error', () => {
  assert.deepEqual(otlpProtocols({}), { logs: 'http/json', metrics: 'http/json' });
  assert.deepEqual(otlpProtocols({ OTEL_EXPORTER_OTLP_PROTOCOL: ' grpc ' }), { logs: 'grpc', metrics: 'grpc' });
  assert.deepEqual(otlpProtocols({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' }), {
    logs: 'grpc',
    metrics: 'http/protobuf',
  });
  assert.deepEqual(otlpProtocols({ OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/proto' }), {
    error: 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL="http/proto" is not one of http/json, http/protobuf, grpc',
  });
});

void test('OTLP resource: the policy verdict as compliance and rules broken, absent without a policy', () => {
  const report = {
    schemaVersion: 1 as const,
    tool: { name: 'gohealth', version: '0.1.0' },
    host: { platform: 'linux' as const, arch: 'x64', isWsl: false, cwd: '/w' },
    toolchains: [],
    findings: [],
    timingsMs: {},
  };
  const plain = resourceAttributes(report, { activeGo: undefined });
  assert.equal(plain['gohealth.policy.compliant'], undefined);
  const judged = resourceAttributes(
    { ...report, policy: { compliant: false, file: '/w/.gohealth.json', rules: 3, rulesBroken: 2 } },
    { activeGo: undefined },
  );
  assert.equal(judged['gohealth.policy.compliant'], false);
  assert.equal(judged['gohealth.policy.rules_broken'], 2);
  assert.equal(Object.values(judged).includes('/w/.gohealth.json'), false, 'the policy path is not sent');
});

void test('history: one Windows path in another spelling (long-path prefix, drive-letter case) is not a change; another path is', () => {
  const at = (path: string, goroot: string, when: string): EnvSnapshot => ({
    ...state(when, { GOROOT: goroot, GOPROXY: 'https://proxy.golang.org' }),
    go: { path, version: 'go1.26.11' },
  });
  const before = at('\\\\?\\Z:\\sdk\\go\\bin\\go.exe', '\\\\?\\Z:\\sdk\\go', '2026-03-01T10:00:00Z');
  assert.deepEqual(diffSnapshots(before, at('z:\\SDK\\go\\bin\\go.exe', 'z:/sdk/go/', '2026-03-02T10:00:00Z')), []);
  assert.deepEqual(
    diffSnapshots(before, at('z:\\sdk2\\go\\bin\\go.exe', 'z:\\sdk2\\go', '2026-03-02T10:00:00Z')).map((c) => c.name),
    ['go', 'GOROOT'],
  );
  // Case still matters for values that are not Windows paths.
  assert.deepEqual(
    diffSnapshots(state('2026-03-01T10:00:00Z', { GOFLAGS: '-mod=mod' }), state('2026-03-02T10:00:00Z', { GOFLAGS: '-mod=MOD' })).map(
      (c) => c.name,
    ),
    ['GOFLAGS'],
  );
});
