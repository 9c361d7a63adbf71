// A real OpenTelemetry Collector for the export tests: the one in test/otelcol, built (or found built) by scripts/build-otelcol.sh, started on loopback ports, its received data read back as OTLP JSON.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

export type Collector = {
  /** The OTLP/HTTP base URL (http://127.0.0.1:PORT). */
  httpUrl: string;
  /** The OTLP/gRPC address (http://127.0.0.1:PORT). */
  grpcUrl: string;
  /** Every batch the collector exported, as OTLP JSON documents in arrival order. */
  received: () => OtlpDocument[];
  stop: () => Promise<void>;
};

export type OtlpAny = { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number };
export type OtlpAttribute = { key: string; value: OtlpAny };
export interface OtlpLogRecord {
  body: OtlpAny;
  severityNumber: number;
  severityText?: string;
  attributes?: OtlpAttribute[];
}
export interface OtlpDataPoint {
  attributes?: OtlpAttribute[];
  asDouble?: number;
  asInt?: string;
}
export interface OtlpDocument {
  resourceLogs?: { resource: { attributes: OtlpAttribute[] }; scopeLogs: { scope?: { name?: string }; logRecords: OtlpLogRecord[] }[] }[];
  resourceMetrics?: {
    resource: { attributes: OtlpAttribute[] };
    scopeMetrics: { metrics: { name: string; unit?: string; gauge?: { dataPoints: OtlpDataPoint[] } }[] }[];
  }[];
}

/** OTLP attributes as a plain object (int values as numbers). */
export function attrs(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map((a) => [
      a.key,
      a.value.stringValue ?? a.value.boolValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : a.value.doubleValue),
    ]),
  );
}

/**
 * The collector binary: scripts/build-otelcol.sh prints where setup left it, or builds it (a minute or more on a cold
 * module cache). `skip` is set, with the reason, only when its modules cannot be downloaded.
 */
export function collectorBinary(): { binary?: string; skip?: string } {
  const run = spawnSync('bash', [path.join(REPO, 'scripts', 'build-otelcol.sh')], { encoding: 'utf8', timeout: 900_000 });
  if (run.status === 0) {
    const binary = run.stdout.trim().split('\n').pop()!;
    if (existsSync(binary)) return { binary };
  }
  if (run.status === 3) return { skip: `the OpenTelemetry Collector cannot be built here: ${run.stderr.trim()}` };
  throw new Error(`scripts/build-otelcol.sh failed (${run.status ?? run.signal}):\n${run.stderr}`);
}

/** A loopback port nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the collector with the OTLP receiver on two fresh loopback ports; resolves once it says it is ready. */
export async function startCollector(binary: string, dir: string): Promise<Collector> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const out = path.join(dir, 'received.jsonl');
  const config = path.join(dir, 'otelcol.yaml');
  writeFileSync(
    config,
    [
      'receivers:',
      '  otlp:',
      '    protocols:',
      `      http: { endpoint: "127.0.0.1:${httpPort}" }`,
      `      grpc: { endpoint: "127.0.0.1:${grpcPort}" }`,
      'exporters:',
      `  jsonfile: { path: ${JSON.stringify(out)} }`,
      'service:',
      '  pipelines:',
      '    logs: { receivers: [otlp], exporters: [jsonfile] }',
      '    metrics: { receivers: [otlp], exporters: [jsonfile] }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['--config', `file:${config}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const bound = setTimeout(() => reject(new Error(`the collector did not get ready within 60 s:\n${stderr}`)), 60_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('Everything is ready')) {
        clearTimeout(bound);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(bound);
      reject(new Error(`the collector exited (${code}) before it was ready:\n${stderr}`));
    });
  });
  return {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    received: () =>
      existsSync(out)
        ? readFileSync(out, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as OtlpDocument)
        : [],
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
