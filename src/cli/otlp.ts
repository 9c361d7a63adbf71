// Decides whether a check is exported over OTLP (--otlp, or the standard OTEL_* variables) and loads the exporter bundle only then.
import * as path from 'node:path';
import type { Facts } from '../core/facts';
import type { Report } from '../core/report';
import { localRedactionRules, makeRedactor } from '../core/redact';
import type { ExportOutcome, OtlpProtocol, OtlpTarget } from '../shared/otlpExport';

interface OtlpIo {
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** The endpoint to export to: --otlp, else the OTLP variables the OpenTelemetry SDK reads; undefined when export is off. */
export function otlpEndpoint(flag: string | undefined, env: Record<string, string | undefined>): { endpoint?: string } | undefined {
  if (flag) return { endpoint: flag };
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) return {};
  return undefined;
}

const PROTOCOLS: readonly OtlpProtocol[] = ['http/json', 'http/protobuf', 'grpc'];

/**
 * The transport of each signal: OTEL_EXPORTER_OTLP_LOGS_PROTOCOL / _METRICS_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL,
 * else http/json. A value that names no transport is an error that says which variable and what it may be.
 */
export function otlpProtocols(env: Record<string, string | undefined>): { logs: OtlpProtocol; metrics: OtlpProtocol } | { error: string } {
  const pick = (signal: 'LOGS' | 'METRICS'): OtlpProtocol | { error: string } => {
    const name = env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`]?.trim()
      ? `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`
      : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    const value = (env[name] ?? '').trim();
    if (value === '') return 'http/json';
    if ((PROTOCOLS as readonly string[]).includes(value)) return value as OtlpProtocol;
    return { error: `${name}=${JSON.stringify(value)} is not one of ${PROTOCOLS.join(', ')}` };
  };
  const logs = pick('LOGS');
  const metrics = pick('METRICS');
  if (typeof logs !== 'string') return logs;
  if (typeof metrics !== 'string') return metrics;
  return { logs, metrics };
}

/** What the resource says of this machine: OS, architecture, the active Go and, when a team policy judged it, compliance and the rules broken. */
export function resourceAttributes(report: Report, facts: Pick<Facts, 'activeGo'>): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {
    'service.version': report.tool.version,
    'os.type': report.host.platform === 'win32' ? 'windows' : report.host.platform,
    'host.arch': report.host.arch,
    'gohealth.wsl': report.host.isWsl,
  };
  if (facts.activeGo?.goVersion) attributes['gohealth.go.version'] = facts.activeGo.goVersion;
  if (report.policy) {
    attributes['gohealth.policy.compliant'] = report.policy.compliant;
    attributes['gohealth.policy.rules_broken'] = report.policy.rulesBroken;
  }
  return attributes;
}

export async function exportIfAsked(
  flag: string | undefined,
  io: OtlpIo,
  report: Report,
  facts: Pick<Facts, 'activeGo' | 'host'>,
): Promise<void> {
  const on = otlpEndpoint(flag, io.env);
  if (!on) return;
  const protocols = otlpProtocols(io.env);
  if ('error' in protocols) {
    io.stderr(`gohealth: OpenTelemetry export skipped (${protocols.error}); the check itself is unaffected\n`);
    return;
  }
  try {
    // A bundle of its own beside this one: a check that does not export never loads the OpenTelemetry SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside the bundle, loaded only when exporting
    const otlp = require(path.join(__dirname, 'otlp.js')) as { exportReport: (r: Report, t: OtlpTarget) => Promise<ExportOutcome> };
    const target: OtlpTarget = {
      endpoint: on.endpoint,
      protocols,
      attributes: resourceAttributes(report, facts),
      redact: makeRedactor(localRedactionRules(facts.host.homedir)),
    };
    const outcome = await otlp.exportReport(report, target);
    if (outcome.failures.length)
      io.stderr(`gohealth: OpenTelemetry export failed (${outcome.failures.join('; ')}); the check itself is unaffected\n`);
  } catch (e) {
    io.stderr(`gohealth: OpenTelemetry export failed (${(e as Error).message}); the check itself is unaffected\n`);
  }
}
