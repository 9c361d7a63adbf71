// Hovers on the rules of a team policy (.gohealth.json): what the rule checks and this machine's value, judged.
import type { Hover, Position } from 'vscode-languageserver';
import type { Facts } from '../core/facts';
import { describeSource } from '../core/fixes';
import { envOf } from '../core/checks/util';
import { policyGo } from '../core/checks/policy';
import { judgeEnvRule, ruleInWords } from '../core/policy/evaluate';
import { POLICY_FILE_NAME, type PolicyRule } from '../core/policy/model';
import { parsePolicy } from '../core/policy/parse';
import { goSatisfies, readRange, toolSatisfies } from '../core/policy/ranges';
import { POLICY_VOCABULARY } from '../core/probe/policy';
import { GO_ENV_VARIABLES } from '../shared/goenvVariables';

/** True for a team policy file. */
export function isPolicyFile(file: string): boolean {
  return file.replace(/^.*[\\/]/, '') === POLICY_FILE_NAME;
}

/** Markdown-safe inline code (a value from the machine or the repository cannot break out of it). */
function code(text: string): string {
  const t = text === '' ? '(unset)' : text.replace(/\r?\n/g, ' ');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${t}${fence}`;
}

function verdictLine(ok: boolean | undefined): string {
  return ok === undefined ? 'cannot tell' : ok ? '✓ complies' : '✗ breaks the rule';
}

/** What a rule checks and how this machine stands, in Markdown; the facts are the last check's. */
function ruleHover(rule: PolicyRule, facts: Facts | undefined): string {
  const lines: string[] = [];
  if (rule.kind === 'env') {
    lines.push(`**${rule.name}** — ${ruleInWords(rule)} (severity ${rule.severity})`);
    const doc = GO_ENV_VARIABLES.get(rule.variable);
    if (doc) lines.push('', doc.doc);
    const ev = facts ? envOf(facts, rule.variable) : undefined;
    if (facts) {
      const value = ev?.value ?? '';
      const where = ev ? describeSource(ev, facts) : 'not set';
      lines.push('', `This machine: ${code(value)} — ${where}. ${verdictLine(judgeEnvRule(rule, value).complies)}`);
    }
  } else if (rule.kind === 'go') {
    lines.push(`**go** — the active Go must be a release in ${code(rule.range)} (severity ${rule.severity})`);
    const go = facts ? policyGo(facts) : undefined;
    const reading = readRange(rule.range, 'go');
    if (go)
      lines.push(
        '',
        `This machine: ${code(go.version)} — ${go.how}. ${verdictLine(reading.ok ? goSatisfies(go.version, reading.range) : undefined)}`,
      );
  } else {
    lines.push(`**${rule.name}** — ${rule.tool} must be a version in ${code(rule.range)} (severity ${rule.severity})`);
    const info = facts?.tools.find((t) => t.name === rule.tool);
    const copy = info?.pathCopies[0] ?? info?.installDirCopy;
    const reading = readRange(rule.range, 'tool');
    if (facts)
      lines.push(
        '',
        copy
          ? `This machine: ${code(copy.moduleVersion ?? 'unknown version')} — ${copy.path}. ${verdictLine(reading.ok ? toolSatisfies(copy.moduleVersion, reading.range) : undefined)}`
          : `This machine: ${rule.tool} is not installed. ${verdictLine(false)}`,
      );
  }
  if (rule.reason) lines.push('', `Reason given by the policy: ${code(rule.reason)}`);
  if (!facts) lines.push('', "_The checks have not finished yet; this machine's value shows once they have._");
  return lines.join('\n');
}

/** The hover for the rule on the line under the cursor, if any. */
export function policyHover(text: string, position: Position, facts: Facts | undefined): Hover | undefined {
  const { rules } = parsePolicy(text, POLICY_VOCABULARY);
  const line = position.line + 1;
  const col = position.character + 1;
  const onLine = rules.filter((r) => r.line === line);
  const rule = onLine.find((r) => col >= r.column && col < r.endColumn) ?? onLine[0];
  if (!rule) return undefined;
  return {
    contents: { kind: 'markdown', value: ruleHover(rule, facts) },
    range: { start: { line: position.line, character: rule.column - 1 }, end: { line: position.line, character: rule.endColumn - 1 } },
  };
}
