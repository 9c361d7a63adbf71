// OpenTelemetry export against a real OpenTelemetry Collector (test/otelcol, OTLP receiver): a check's log records and findings metric with their resource attributes, redacted; an audit record; an unreachable collector.
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditRecord } from '../../src/shared/audit';
import { localRedactionRules, makeRedactor } from '../../src/core/redact';
import { checkJson, NEWER_GO, runCli, Sandbox, UNDER_WINE, type CliRun } from './cliHarness';
import { attrs, collectorBinary, freePort, startCollector, type Collector, type OtlpDocument } from './otelCollector';

const sb = new Sandbox();
const REPO = path.resolve(__dirname, '../../..');
let collector: Collector | undefined;
let skipReason: string | undefined = UNDER_WINE ? 'the export runs the Linux CLI here' : undefined;

before(async () => {
  if (skipReason) return;
  const found = collectorBinary();
  if (found.skip) skipReason = found.skip;
  else collector = await startCollector(found.binary!, mkdtempSync(path.join(sb.root, 'otelcol-')));
});
after(async () => {
  await collector?.stop();
  sb.cleanup();
});

/** The collector, or the test is skipped with the reason there is none. */
function needCollector(t: TestContext): Collector | undefined {
  if (!collector) t.skip(skipReason ?? 'no collector');
  return collector;
}

/** What the collector received while `action` ran. */
async function receivedDuring<T>(c: Collector, action: () => Promise<T>): Promise<{ result: T; docs: OtlpDocument[] }> {
  const before = c.received().length;
  const result = await action();
  return { result, docs: c.received().slice(before) };
}

/** A developer's machine: GOPATH and the go env file in the home directory, GOTOOLCHAIN=local. */
function homeEnv(home: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return sb.homeEnv(home, { GOTOOLCHAIN: 'local', ...overrides });
}

type JsonReport = {
  tool: { version: string };
  toolchains: { version?: string; active: boolean }[];
  findings: { id: string; severity: string; area: string; title: string; detail: string; location?: { file: string; line: number } }[];
  policy?: { compliant: boolean; file: string; rules: number; rulesBroken: number };
};

const SEVERITY_NUMBER: Record<string, number> = { error: 17, warning: 13, info: 9 };

/** A developer's machine: home directory, and outside it a module under folders named after this host and this user (so
 * the report names all three) that needs a newer Go than this one (an error at go.mod) and has a team policy it breaks. */
function machineWithPolicy(name: string) {
  const home = path.join(sb.root, `${name}-home`);
  const rules = localRedactionRules(home);
  const redact = makeRedactor(rules);
  const mod = path.join(sb.root, name, rules.hostname ?? 'host', rules.username ?? 'user', 'app');
  mkdirSync(mod, { recursive: true });
  writeFileSync(path.join(mod, 'go.mod'), `module example.com/app\n\ngo ${NEWER_GO}\n`);
  writeFileSync(
    path.join(mod, '.gohealth.json'),
    '{ "env": { "GOPRIVATE": { "includes": ["*.corp.example"] }, "GOSUMDB": { "not": ["off"] } } }\n',
  );
  return { home, rules, redact, mod };
}

/** Asserts that the collector received exactly this report: one request per signal, each finding a log record, the gauge
 * by id and severity, the resource of this machine with its policy verdict, and nothing the redactor replaces. */
function assertReceived(t: TestContext, docs: OtlpDocument[], report: JsonReport, machine: ReturnType<typeof machineWithPolicy>) {
  const { home, rules, redact } = machine;
  const logs = docs.filter((d) => d.resourceLogs);
  const metrics = docs.filter((d) => d.resourceMetrics);
  assert.equal(logs.length, 1, 'the log records arrive in one request');
  assert.equal(metrics.length, 1, 'the metric arrives in one request');
  const resource = attrs(logs[0]!.resourceLogs![0]!.resource.attributes);
  for (const k of Object.keys(resource)) if (k.startsWith('telemetry.sdk.')) delete resource[k];
  assert.deepEqual(resource, {
    'service.name': 'gohealth',
    'service.version': report.tool.version,
    'os.type': 'linux',
    'host.arch': process.arch,
    'gohealth.wsl': false,
    'gohealth.go.version': report.toolchains.find((x) => x.active)?.version,
    'gohealth.policy.compliant': false,
    'gohealth.policy.rules_broken': 1,
    'deployment.environment.name': 'ci',
  });
  assert.deepEqual(
    attrs(metrics[0]!.resourceMetrics![0]!.resource.attributes),
    attrs(logs[0]!.resourceLogs![0]!.resource.attributes),
    'logs and the metric describe the same machine',
  );

  const records = logs[0]!.resourceLogs!.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
  const sent = records.map((r) => ({
    severityNumber: r.severityNumber,
    severityText: r.severityText,
    body: r.body.stringValue,
    ...attrs(r.attributes),
  }));
  const expected = report.findings.map((f) => ({
    severityNumber: SEVERITY_NUMBER[f.severity],
    severityText: f.severity.toUpperCase(),
    body: redact(f.title),
    'gohealth.check.id': f.id,
    'gohealth.severity': f.severity,
    'gohealth.area': f.area,
    'gohealth.detail': redact(f.detail),
    ...(f.location ? { 'code.file.path': redact(f.location.file), 'code.line.number': f.location.line } : {}),
  }));
  const byText = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  assert.deepEqual(sent.sort(byText), expected.sort(byText));
  assert.ok(report.findings.some((f) => f.id === 'gomod-go-newer') && report.findings.some((f) => f.id === 'policy-drift'));

  const gauges = metrics[0]!.resourceMetrics!.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  assert.deepEqual(
    gauges.map((m) => [m.name, m.unit]),
    [['gohealth.findings', '{finding}']],
  );
  const points = gauges[0]!.gauge!.dataPoints.map((p) => ({ ...attrs(p.attributes), value: p.asDouble ?? Number(p.asInt) }));
  const counts = new Map<string, { 'gohealth.check.id': string; 'gohealth.severity': string; value: number }>();
  for (const f of report.findings) {
    const key = `${f.id} ${f.severity}`;
    const p = counts.get(key) ?? { 'gohealth.check.id': f.id, 'gohealth.severity': f.severity, value: 0 };
    p.value++;
    counts.set(key, p);
  }
  const expectedPoints = [...counts.values(), { 'gohealth.check.id': '*', 'gohealth.severity': '*', value: report.findings.length }];
  assert.deepEqual(points.sort(byText), expectedPoints.sort(byText));

  // Nothing unredacted left the machine: each name the redactor replaces is in the local report and in nothing sent.
  const local = JSON.stringify(report);
  const sentText = JSON.stringify(docs);
  const secrets = [home, rules.username, rules.hostname].filter((s): s is string => !!s && redact(s) !== s);
  assert.ok(secrets.includes(home));
  for (const s of secrets) {
    assert.ok(local.includes(s), `the local report names ${s} (else this proves nothing)`);
    assert.ok(!sentText.includes(s), `sent unredacted: ${s}`);
  }
  const kept = [rules.username, rules.hostname].filter((s) => s && redact(s) === s);
  if (kept.length) t.diagnostic(`kept by the redactor as too short or too common to replace: ${kept.join(', ')}`);
}

void test('a check exports a log record per finding and the findings metric to a real Collector, with resource attributes, redacted', async (t) => {
  const c = needCollector(t);
  if (!c) return;
  const machine = machineWithPolicy('otlp');
  const { home, mod } = machine;
  const env = homeEnv(home, { OTEL_EXPORTER_OTLP_ENDPOINT: c.httpUrl, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci' });
  const {
    result: { run, report: untyped },
    docs,
  } = await receivedDuring(c, () => checkJson(sb, mod, env, ['--no-history']));
  const report = untyped as unknown as JsonReport;
  assert.equal(run.code, 1, 'the check itself fails on gomod-go-newer');
  assert.equal(run.stderr, '', 'a successful export prints nothing');
  assert.deepEqual(report.policy, { compliant: false, file: path.join(mod, '.gohealth.json'), rules: 2, rulesBroken: 1 });

  assertReceived(t, docs, report, machine);

  // The verdict the report carries is what merge reads.
  const reportFile = path.join(sb.root, 'otlp-machine.json');
  writeFileSync(reportFile, run.stdout);
  const merged = await runCli(['report', 'merge', reportFile], { env: sb.env(), cwd: sb.root });
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /0 of 1 machines with a team policy comply \(0%\); 1 do not\./);
  assert.match(merged.stdout, /\| otlp-machine \| [1-9]\d* \| \d+ \| \d+ \| go[\d.]+ \| does not comply \(1 rule broken\) \|/);
});

for (const protocol of ['http/protobuf', 'grpc'] as const)
  void test(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: the Collector receives the same records, metric and resource`, async (t) => {
    const c = needCollector(t);
    if (!c) return;
    const machine = machineWithPolicy(protocol.replace('/', '-'));
    const env = homeEnv(machine.home, {
      OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? c.grpcUrl : c.httpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci',
    });
    const { result, docs } = await receivedDuring(c, () => checkJson(sb, machine.mod, env, ['--no-history']));
    assert.equal(result.run.stderr, '', 'a successful export prints nothing');
    assertReceived(t, docs, result.report as unknown as JsonReport, machine);
  });

void test('a protocol the exporters do not speak is one line on stderr, and nothing is sent', async (t) => {
  const c = needCollector(t);
  if (!c) return;
  const mod = sb.module('otlp-bad-protocol', 'module example.com/bad\n\ngo 1.22\n');
  const env = sb.env({ OTEL_EXPORTER_OTLP_ENDPOINT: c.httpUrl, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/msgpack' });
  const { result: run, docs } = await receivedDuring(c, () =>
    runCli(['check', '--format', 'json', '--cwd', mod, '--no-history'], { env, cwd: sb.root }),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stderr,
    'gohealth: OpenTelemetry export skipped (OTEL_EXPORTER_OTLP_PROTOCOL="http/msgpack" is not one of http/json, http/protobuf, grpc); the check itself is unaffected\n',
  );
  assert.deepEqual(docs, []);
});

void test('an audit record (a fix applied) reaches a real Collector as one redacted log record with its attributes', async (t) => {
  const c = needCollector(t);
  if (!c) return;
  // The exporter bundle the editor loads for goHealth.auditLog.otlpEndpoint.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the editor loads it
  const otlp = require(path.join(REPO, 'dist', 'otlp.js')) as typeof import('../../src/shared/otlpExport');
  const record = auditRecord({
    action: 'apply',
    fixId: 'set-gotoolchain-auto',
    fixTitle: 'Set GOTOOLCHAIN=auto with go env -w',
    findingId: 'gomod-go-newer',
    target: 'go env GOTOOLCHAIN (/home/alice/.config/go/env)',
    previous: 'local',
    next: 'auto',
  });
  const { result: outcome, docs } = await receivedDuring(c, () =>
    otlp.exportAuditRecord(record, {
      endpoint: c.httpUrl,
      attributes: { 'service.name': 'gohealth-vscode' },
      redact: makeRedactor({ homedir: '/home/alice', username: 'alice' }),
    }),
  );
  assert.deepEqual(outcome.failures, []);
  assert.equal(docs.length, 1);
  assert.ok(!JSON.stringify(docs).includes('alice'), JSON.stringify(docs));
  const logs = docs[0]!.resourceLogs!;
  assert.equal(attrs(logs[0]!.resource.attributes)['service.name'], 'gohealth-vscode');
  const records = logs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
  assert.equal(records.length, 1);
  assert.equal(records[0]!.body.stringValue, 'applied fix set-gotoolchain-auto: Set GOTOOLCHAIN=auto with go env -w');
  const a = attrs(records[0]!.attributes);
  assert.equal(a['gohealth.finding.id'], 'gomod-go-newer');
  assert.equal(a['gohealth.target'], 'go env GOTOOLCHAIN (~/.config/go/env)');
  assert.equal(a['gohealth.previous'], 'local');
  assert.equal(a['gohealth.new'], 'auto');
});

for (const protocol of ['http/json', 'grpc'] as const)
  void test(
    `${protocol}: an unreachable collector is one line on stderr and changes neither output nor exit status`,
    { skip: UNDER_WINE ? 'the export runs the Linux CLI here' : undefined },
    async () => {
      const deadUrl = `http://127.0.0.1:${await freePort()}`; // free a moment ago: nothing listens there now
      const mod = sb.module(`otlp-dead-${protocol.replace('/', '-')}`, 'module example.com/dead\n\ngo 1.22\n');
      const env = sb.env({ OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      const plain = await runCli(['check', '--format', 'json', '--cwd', mod, '--no-history'], { env: sb.env(), cwd: sb.root });
      const run = await runCli(['check', '--format', 'json', '--cwd', mod, '--no-history', '--otlp', deadUrl], { env, cwd: sb.root });
      assert.equal(run.code, plain.code);
      // Timings differ between runs, and so does where the release list came from (the proxy, then its cache).
      const strip = (r: CliRun) => JSON.stringify({ ...JSON.parse(r.stdout), timingsMs: undefined, releases: undefined });
      assert.equal(strip(run), strip(plain));
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /^gohealth: OpenTelemetry export failed \(.*ECONNREFUSED.*\); the check itself is unaffected$/);
    },
  );
