// Renders a report as SARIF 2.1.0 so CI can upload it to code scanning: one rule per check, results located where a file is to blame.
import * as path from 'node:path';
import { isUnder, samePath } from '../paths';
import { pathToFileURL } from 'node:url';
import type { CheckDefinition } from '../checks/types';
import type { Finding, Report, Severity } from '../report';

type RuleMeta = Pick<CheckDefinition, 'id' | 'area' | 'severity' | 'summary' | 'help'>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const INFORMATION_URI = 'https://github.com/gohealth/go-health';

/** `gomod-go-newer` -> `GomodGoNewer`, SARIF's conventional rule name. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const win = process.platform === 'win32';
  if (!samePath(file, root, win) && isUnder(file, root, win))
    return { uri: path.relative(root, file).split(path.sep).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(file).href };
}

/**
 * @param anchorFile where to place findings about the environment rather than a file. Code scanning
 * rejects results without a location, so these are pinned to line 1 of the folder's go.work or go.mod
 * (and marked `environment` in their properties); without an anchor they carry no location.
 */
export function renderSarif(report: Report, rules: readonly RuleMeta[], anchorFile?: string): string {
  const root = report.host.cwd;
  // Every check that ran is a rule, plus any id a finding carries that the list lacks (internal errors).
  const ruleList = [...rules];
  for (const f of report.findings) {
    if (!ruleList.some((r) => r.id === f.id))
      ruleList.push({ id: f.id, area: f.area, severity: f.severity, summary: f.title, help: f.detail });
  }
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: ruleList.map((r) => ({
              id: r.id,
              name: ruleName(r.id),
              shortDescription: { text: r.summary },
              fullDescription: { text: r.help },
              help: { text: r.help, markdown: `**${r.summary}**\n\n${r.help}` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['go', r.area], area: r.area },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href } },
        invocations: [{ executionSuccessful: true }],
        results: report.findings.map((f) => result(f, ruleIndex.get(f.id)!, root, anchorFile)),
        properties: { host: report.host, toolchains: report.toolchains },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function result(f: Finding, index: number, root: string, anchorFile: string | undefined) {
  const location = f.location ?? (anchorFile ? { file: anchorFile, line: 1, column: 1, endColumn: undefined } : undefined);
  return {
    ruleId: f.id,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: `${f.title}. ${f.detail}` },
    ...(location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(location.file, root),
                region: {
                  startLine: location.line,
                  startColumn: location.column,
                  ...(location.endColumn ? { endColumn: location.endColumn } : {}),
                },
              },
            },
          ],
        }
      : {}),
    // Stable across runs so code scanning tracks one alert per problem rather than per run.
    partialFingerprints: { 'gohealth/v1': fingerprint(f, root) },
    properties: {
      area: f.area,
      scope: f.location ? 'file' : 'environment',
      evidence: f.evidence,
      fixes: f.fixes.map((x) => ({ id: x.id, kind: x.kind, title: x.title })),
    },
  };
}

function fingerprint(f: Finding, root: string): string {
  const where = f.location ? `${path.relative(root, f.location.file)}:${f.location.line}` : '';
  return `${f.id}|${where}|${f.title}`;
}
