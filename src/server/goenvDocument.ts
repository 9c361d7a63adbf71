// The goenv language: parses go.env files as the go command does, judges their values, and documents each variable.
import { DiagnosticSeverity, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import type { EnvValue, Facts, ValueSource } from '../core/facts';
import type { Finding, Severity } from '../core/report';
import { GO_ENV_VARIABLES, READ_ONLY_GO_ENV } from '../shared/goenvVariables';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { parseGoEnv, type GoEnvEntry } from '../shared/goenvParse';
import { CHECK_VARIABLES } from '../core/checks/envRules';

export { parseGoEnv, type GoEnvEntry } from '../shared/goenvParse';

/** The checks that judge variable values; a go.env document is judged by running them on facts built from its text. */
export const GOENV_CHECK_IDS = Object.keys(CHECK_VARIABLES);

/**
 * Facts as they would be if the go command read this text as the given env file: the file's layer is
 * replaced by the document's entries, and effective values recomputed (OS environment > go env file > GOROOT/go.env).
 */
export function factsWithEnvFile(base: Facts, layer: 'goenv-file' | 'goroot-go.env', entries: readonly GoEnvEntry[]): Facts {
  // Without a prototype: an entry named __proto__ is only a name.
  const fileVars: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const e of entries) fileVars[e.name] = e.value;
  const env: Record<string, EnvValue> = {};
  const names = new Set([...Object.keys(base.env), ...Object.keys(fileVars)]);
  const goEnvVars = { ...base.goEnv.vars };
  for (const name of names) {
    const old = base.env[name];
    const next: EnvValue = { ...(old ?? { name, value: '', source: 'default' as ValueSource }) };
    if (layer === 'goenv-file') next.fileValue = fileVars[name];
    else next.gorootFileValue = fileVars[name];
    const defaultValue = old?.source === 'default' ? old.value : '';
    const [value, source]: [string, ValueSource] =
      next.osValue !== undefined && next.osValue !== ''
        ? [next.osValue, 'os']
        : next.fileValue !== undefined
          ? [next.fileValue, 'goenv-file']
          : next.gorootFileValue !== undefined
            ? [next.gorootFileValue, 'goroot-go.env']
            : [defaultValue, 'default'];
    next.value = value;
    next.source = source;
    env[name] = next;
    if (name in goEnvVars || fileVars[name] !== undefined) goEnvVars[name] = value;
  }
  const file = layer === 'goenv-file' ? base.goenvFile : base.gorootEnvFile;
  const lines: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const e of entries) lines[e.name] = e.line + 1;
  const envFile = file ? { ...file, exists: true, vars: fileVars, lines } : undefined;
  return {
    ...base,
    env,
    goEnv: { ...base.goEnv, vars: goEnvVars },
    ...(layer === 'goenv-file' ? { goenvFile: envFile } : { gorootEnvFile: envFile }),
  };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

interface GoEnvJudgement {
  /** Facts from the last full run; the engine's value checks run on them with this document's values. */
  facts?: Facts;
  /** Which layer this document is: the user's go env file or $GOROOT/go.env. */
  layer: 'goenv-file' | 'goroot-go.env';
  /** The engine's checks restricted to {@link GOENV_CHECK_IDS}. */
  judge?: (facts: Facts) => Finding[];
}

/** Diagnostics for a go.env document: syntax the go command skips, unknown/read-only names, bad values. */
export function goEnvDiagnostics(text: string, judgement: GoEnvJudgement): Diagnostic[] {
  const parsed = parseGoEnv(text);
  const out: Diagnostic[] = [];
  const diag = (line: number, start: number, end: number, severity: DiagnosticSeverity, code: string, message: string) =>
    out.push({
      range: { start: { line, character: start }, end: { line, character: Math.max(end, start + 1) } },
      severity,
      source: DIAGNOSTIC_SOURCE,
      code,
      message,
    });
  for (const ig of parsed.ignored)
    diag(
      ig.line,
      0,
      ig.text.length,
      DiagnosticSeverity.Warning,
      'goenv-syntax',
      `The go command ignores this line: a setting is NAME=VALUE.`,
    );
  const lastLine = new Map<string, number>();
  for (const e of parsed.entries) lastLine.set(e.name, e.line);
  for (const e of parsed.entries) {
    const doc = GO_ENV_VARIABLES.get(e.name);
    if (!/^[A-Z][A-Z0-9_]*$/.test(e.name))
      diag(
        e.line,
        0,
        e.nameEnd,
        DiagnosticSeverity.Warning,
        'goenv-unknown',
        `"${e.name}" is not a valid variable name; the go command ignores it.`,
      );
    else if (!doc)
      diag(
        e.line,
        0,
        e.nameEnd,
        DiagnosticSeverity.Warning,
        'goenv-unknown',
        `${e.name} is not a go command variable; the go command ignores it here.`,
      );
    else if (READ_ONLY_GO_ENV.has(e.name))
      diag(
        e.line,
        0,
        e.nameEnd,
        DiagnosticSeverity.Warning,
        'goenv-read-only',
        `${e.name} is computed by the go command (or read only from the OS environment); setting it here has no effect.`,
      );
    if (lastLine.get(e.name) !== e.line)
      diag(
        e.line,
        0,
        e.nameEnd,
        DiagnosticSeverity.Hint,
        'goenv-duplicate',
        `${e.name} is set again on line ${lastLine.get(e.name)! + 1}; that later value wins.`,
      );
    if (doc?.values && e.value !== '' && !doc.values.includes(e.value)) {
      diag(
        e.line,
        e.valueStart,
        e.valueEnd,
        DiagnosticSeverity.Error,
        'goenv-bad-value',
        `${e.name} must be one of ${doc.values.join(', ')} (is "${e.value}").`,
      );
    }
  }
  return [...out, ...engineDiagnostics(parsed.entries, judgement)];
}

/** The engine's own findings about the values this document sets, at each value. */
function engineDiagnostics(entries: GoEnvEntry[], judgement: GoEnvJudgement): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (judgement.facts && judgement.judge) {
    const parsed = { entries };
    const entryLine = new Map<string, GoEnvEntry>();
    for (const e of parsed.entries) entryLine.set(e.name, e);
    const facts = factsWithEnvFile(judgement.facts, judgement.layer, parsed.entries);
    for (const f of judgement.judge(facts)) {
      // Only findings this document causes: the variable is set here and this file's value is the effective one.
      const layerFile = judgement.layer === 'goenv-file' ? facts.goenvFile?.path : facts.gorootEnvFile?.path;
      // A finding located in another file (a CI workflow, the team policy) is not this document's.
      if (f.location && f.location.file !== layerFile) continue;
      const located = f.location ? parsed.entries.find((e) => e.line === f.location!.line - 1) : undefined;
      const entry =
        located ??
        (CHECK_VARIABLES[f.id] ?? []).map((n) => entryLine.get(n)).find((e) => e && facts.env[e.name]?.source === judgement.layer);
      if (!entry) continue;
      out.push({
        range: {
          start: { line: entry.line, character: entry.valueStart },
          end: { line: entry.line, character: Math.max(entry.valueEnd, entry.valueStart + 1) },
        },
        severity: SEVERITY[f.severity],
        source: DIAGNOSTIC_SOURCE,
        code: f.id,
        message: f.title,
      });
    }
  }
  return out;
}

/** Hover docs for the variable under the cursor. */
export function goEnvHover(text: string, position: Position): Hover | undefined {
  const entry = parseGoEnv(text).entries.find((e) => e.line === position.line);
  const lineText = text.split('\n')[position.line]?.replace(/\r$/, '') ?? '';
  const name = entry?.name ?? /^[A-Z][A-Z0-9_]*/.exec(lineText)?.[0];
  if (!name) return undefined;
  const doc = GO_ENV_VARIABLES.get(name);
  const value = entry ? `\n\nValue here: \`${entry.value === '' ? '(empty)' : entry.value}\`` : '';
  const body = doc
    ? `**${name}**\n\n${doc.doc}${doc.values ? `\n\nOne of: ${doc.values.map((v) => `\`${v}\``).join(', ')}` : ''}${value}`
    : `**${name}** is not a go command variable.`;
  return {
    contents: { kind: 'markdown', value: body },
    range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: entry?.nameEnd ?? name.length } },
  };
}
