// OpenTelemetry export of a check (its findings as log records, a gauge of findings by id and severity) and of audit records, through the OpenTelemetry JS SDK's OTLP exporters (HTTP with JSON or protobuf, or gRPC).
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BatchLogRecordProcessor, LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as OTLPGrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as OTLPGrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import type { Report, Severity } from '../core/report';

/** The OTLP transports, as OTEL_EXPORTER_OTLP_PROTOCOL names them. */
export type OtlpProtocol = 'http/json' | 'http/protobuf' | 'grpc';

/** Where to send, and what the resource says of this machine. */
export interface OtlpTarget {
  /**
   * The OTLP base URL (over HTTP the signal paths /v1/logs, /v1/metrics are added; gRPC takes it as it is);
   * undefined: the exporters read the OTEL_* variables themselves.
   */
  endpoint?: string;
  /** The transport of each signal; http/json when not given. */
  protocols?: { logs: OtlpProtocol; metrics: OtlpProtocol };
  /** Resource attributes beyond the standard ones (redacted by the caller). */
  attributes: Record<string, string | number | boolean>;
  /** Applied to every string that leaves the machine. */
  redact: (text: string) => string;
}

export interface ExportOutcome {
  logRecords: number;
  metricPoints: number;
  /** One line per failed export (an unreachable collector, a refused request). */
  failures: string[];
}

const SEVERITY_NUMBER: Record<Severity, SeverityNumber> = {
  error: SeverityNumber.ERROR,
  warning: SeverityNumber.WARN,
  info: SeverityNumber.INFO,
};

/**
 * How long one export may take, retries included: OTEL_EXPORTER_OTLP_TIMEOUT when set, else 3 s rather than the
 * SDK's 10 s, because a command line waits for it before it exits (after its output, but still).
 */
function exportTimeoutMs(): number {
  const fromEnv = Number(process.env.OTEL_EXPORTER_OTLP_TIMEOUT);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 3000;
}

function signalUrl(endpoint: string | undefined, signal: 'logs' | 'metrics'): string | undefined {
  return endpoint ? `${endpoint.replace(/\/+$/, '')}/v1/${signal}` : undefined;
}

function logExporterFor(protocol: OtlpProtocol, endpoint: string | undefined): LogRecordExporter {
  const timeoutMillis = exportTimeoutMs();
  if (protocol === 'grpc') return new OTLPGrpcLogExporter({ timeoutMillis, ...(endpoint ? { url: endpoint } : {}) });
  const options = { timeoutMillis, ...(endpoint ? { url: signalUrl(endpoint, 'logs') } : {}) };
  return protocol === 'http/protobuf' ? new OTLPProtoLogExporter(options) : new OTLPLogExporter(options);
}

function metricExporterFor(protocol: OtlpProtocol, endpoint: string | undefined): PushMetricExporter {
  const timeoutMillis = exportTimeoutMs();
  if (protocol === 'grpc') return new OTLPGrpcMetricExporter({ timeoutMillis, ...(endpoint ? { url: endpoint } : {}) });
  const options = { timeoutMillis, ...(endpoint ? { url: signalUrl(endpoint, 'metrics') } : {}) };
  return protocol === 'http/protobuf' ? new OTLPProtoMetricExporter(options) : new OTLPMetricExporter(options);
}

function describeError(e: unknown): string {
  const err = e as { message?: string; code?: unknown; cause?: { code?: unknown; message?: string } } | undefined;
  // A network error's code (ECONNREFUSED) says it all; a gRPC status code is a bare number, its message says more.
  const code = err?.cause?.code ?? err?.code;
  if (typeof code === 'string') return code;
  return err?.message ?? String(e);
}

/** Forwards to the OTLP exporter and keeps what failed, which the SDK otherwise only tells its diagnostics logger. */
function watchedLogExporter(inner: LogRecordExporter, failures: string[], where: string): LogRecordExporter {
  return {
    export: (logs, done) =>
      inner.export(logs, (result) => {
        if (result.code !== 0) failures.push(`logs to ${where}: ${describeError(result.error)}`);
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
}

/** A reader that collects once, when asked: a check is one moment, not a stream. */
class OneShotReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

function resourceFor(target: OtlpTarget) {
  // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME win over our defaults, as the specification says.
  const fromEnv = detectResources({ detectors: [envDetector] });
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'gohealth', ...target.attributes }))
    .merge(fromEnv);
}

/** Exports one report: a log record per finding and the findings gauge. Resolves when the exports ended (never rejects). */
export async function exportReport(report: Report, target: OtlpTarget): Promise<ExportOutcome> {
  const failures: string[] = [];
  const where = target.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'the OTLP endpoint';
  const resource = resourceFor(target);
  const redact = target.redact;
  const logExporter = logExporterFor(target.protocols?.logs ?? 'http/json', target.endpoint);
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: watchedLogExporter(logExporter, failures, where),
        maxExportBatchSize: 2048,
        maxQueueSize: 4096,
        scheduledDelayMillis: 60_000,
      }),
    ],
  });
  const logger = loggerProvider.getLogger('gohealth', report.tool.version);
  for (const f of report.findings) {
    logger.emit({
      severityNumber: SEVERITY_NUMBER[f.severity],
      severityText: f.severity.toUpperCase(),
      body: redact(f.title),
      attributes: {
        'gohealth.check.id': f.id,
        'gohealth.severity': f.severity,
        'gohealth.area': f.area,
        'gohealth.detail': redact(f.detail),
        ...(f.location ? { 'code.file.path': redact(f.location.file), 'code.line.number': f.location.line } : {}),
      },
    });
  }
  const reader = new OneShotReader();
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const gauge = meterProvider.getMeter('gohealth', report.tool.version).createGauge('gohealth.findings', {
    description: 'Findings of one check by check id and severity',
    unit: '{finding}',
  });
  const counts = new Map<string, { id: string; severity: Severity; n: number }>();
  for (const f of report.findings) {
    const key = `${f.id}\u0000${f.severity}`;
    const c = counts.get(key) ?? { id: f.id, severity: f.severity, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  for (const c of counts.values()) gauge.record(c.n, { 'gohealth.check.id': c.id, 'gohealth.severity': c.severity });
  // The total, so a healthy machine is a point too (0) and not an absence.
  gauge.record(report.findings.length, { 'gohealth.check.id': '*', 'gohealth.severity': '*' });
  const metricExporter = metricExporterFor(target.protocols?.metrics ?? 'http/json', target.endpoint);
  let metricPoints = 0;
  const metricsSent = reader.collect().then(
    ({ resourceMetrics }) =>
      new Promise<void>((resolve) => {
        metricPoints = resourceMetrics.scopeMetrics.reduce((n, s) => n + s.metrics.reduce((m, x) => m + x.dataPoints.length, 0), 0);
        metricExporter.export(resourceMetrics, (result) => {
          if (result.code !== 0) failures.push(`metrics to ${where}: ${describeError(result.error)}`);
          resolve();
        });
      }),
    (e: unknown) => void failures.push(`metrics: ${describeError(e)}`),
  );
  await Promise.allSettled([loggerProvider.forceFlush(), metricsSent]);
  await Promise.allSettled([loggerProvider.shutdown(), meterProvider.shutdown(), metricExporter.shutdown()]);
  return { logRecords: report.findings.length, metricPoints, failures: [...new Set(failures)] };
}

/** One audit record (an applied or undone fix) as an OpenTelemetry log record. */
export async function exportAuditRecord(
  record: { timeUnixNano: string; body: string; attributes: Record<string, string | null> },
  target: OtlpTarget,
): Promise<ExportOutcome> {
  const failures: string[] = [];
  const where = target.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'the OTLP endpoint';
  const exporter = logExporterFor(target.protocols?.logs ?? 'http/json', target.endpoint);
  const provider = new LoggerProvider({
    resource: resourceFor(target),
    processors: [new SimpleLogRecordProcessor({ exporter: watchedLogExporter(exporter, failures, where) })],
  });
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(record.attributes)) if (v !== null) attributes[k] = target.redact(v);
  provider.getLogger('gohealth').emit({
    timestamp: Number(BigInt(record.timeUnixNano) / 1_000_000n),
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: target.redact(record.body),
    attributes,
  });
  await provider.forceFlush().catch(() => undefined);
  await provider.shutdown().catch(() => undefined);
  return { logRecords: 1, metricPoints: 0, failures };
}
