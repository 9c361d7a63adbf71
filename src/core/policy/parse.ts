// Reads a `.gohealth.json` (JSON with comments) into rules at their lines; whatever cannot be used becomes a problem at its line.
import { parseTree, printParseErrorCode, stripComments, type Node, type ParseError } from 'jsonc-parser';
import type { Severity } from '../report';
import { closestName } from '../names';
import type { EnvRule, EnvTest, PolicyFile, PolicyProblem, PolicyRule, PolicySpan } from './model';
import { readRange } from './ranges';

/** The names a policy may use besides its fixed keys: the Go variables and the tools Go Health reads. */
export interface PolicyVocabulary {
  variables: readonly string[];
  tools: readonly string[];
}

const TOP_LEVEL_KEYS = ['$schema', 'go', 'env', 'tools', 'severity'] as const;
const RULE_OPTIONS = ['severity', 'reason'] as const;
const ENV_TESTS: readonly EnvTest[] = ['equals', 'oneOf', 'includes', 'excludes', 'not', 'noDirect'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The JSON parser's error codes in words. */
const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'this is not JSON',
  InvalidNumberFormat: 'this number is not valid JSON',
  PropertyNameExpected: 'a property name in double quotes is expected here',
  ValueExpected: 'a value is expected here',
  ColonExpected: 'a colon is expected after the property name',
  CommaExpected: 'a comma is missing before this',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'nothing may follow the closing }',
  InvalidCommentToken: 'this comment is not closed',
  UnexpectedEndOfComment: 'this comment is not closed',
  UnexpectedEndOfString: 'this string is not closed',
  UnexpectedEndOfNumber: 'this number is cut short',
  InvalidUnicode: 'this \\u escape is not valid',
  InvalidEscapeCharacter: 'this escape is not valid in JSON',
  InvalidCharacter: 'this character is not allowed in a JSON string',
};

/** 1-based line and column of text offsets. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  /** A node's span, cut at the end of its first line. */
  span(node: Pick<Node, 'offset' | 'length'>): PolicySpan {
    const start = this.position(node.offset);
    const lineEnd = this.text.indexOf('\n', node.offset);
    const end = Math.min(node.offset + node.length, lineEnd < 0 ? this.text.length : lineEnd);
    return { line: start.line, column: start.column, endColumn: start.column + Math.max(1, end - node.offset) };
  }
}

type Property = { key: string; keyNode: Node; value?: Node; node: Node };

function properties(object: Node): Property[] {
  return (object.children ?? []).flatMap((p) => {
    const [keyNode, value] = p.children ?? [];
    return keyNode && typeof keyNode.value === 'string' ? [{ key: keyNode.value, keyNode, value, node: p }] : [];
  });
}

/** Reads a policy's text. Never throws: a malformed file yields the rules it could read and one problem per mistake. */
export function parsePolicy(withBom: string, vocabulary: PolicyVocabulary): Pick<PolicyFile, 'rules' | 'problems'> {
  // Editors do not count a byte-order mark as a column.
  const text = withBom.replace(/^\uFEFF/, '');
  const index = new LineIndex(text);
  const rules: PolicyRule[] = [];
  const problems: PolicyProblem[] = [];
  const problem: ProblemSink = (node, kind, message, suggestion, taken) =>
    problems.push({
      ...index.span(node),
      kind,
      message,
      severity: kind === 'unknown-name' || kind === 'duplicate' ? 'warning' : 'error',
      ...(suggestion ? { suggestion } : {}),
      ...(taken ? { suggestionTaken: true } : {}),
    });

  if (stripComments(text).trim() === '') {
    problem({ offset: 0, length: 1 }, 'syntax', 'the file is empty: a policy is a JSON object such as { "go": ">=1.26" }');
    return { rules, problems };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    // One finding for a malformed file: the first mistake; the parser recovers, so later rules still count.
    const e = errors[0]!;
    const code = printParseErrorCode(e.error);
    problem(
      { offset: e.offset, length: Math.max(1, e.length) },
      'syntax',
      `${SYNTAX_MESSAGES[code] ?? code}; rules after this point may not have been read`,
    );
  }
  if (!root) {
    if (!errors.length)
      problem({ offset: 0, length: 1 }, 'syntax', 'the file is empty: a policy is a JSON object such as { "go": ">=1.26" }');
    return { rules, problems };
  }
  if (root.type !== 'object') {
    problem(root, 'bad-value', 'a policy is a JSON object such as { "go": ">=1.26" }');
    return { rules, problems };
  }

  const top = withoutDuplicates(properties(root), problem);
  const severityProp = top.find((p) => p.key === 'severity');
  const defaultSeverity = severityProp?.value ? readSeverity(severityProp.value, problem) : undefined;
  const base = defaultSeverity ?? 'error';

  for (const p of top) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(p.key)) {
      unknown(
        p,
        TOP_LEVEL_KEYS.filter((k) => k !== '$schema'),
        'a policy key',
        problem,
        top,
      );
      continue;
    }
    if (!p.value) continue;
    if (p.key === 'go') readVersionRule(p, 'go', base, index, rules, problem);
    else if (p.key === 'env') readEnv(p.value, base, index, vocabulary, rules, problem);
    else if (p.key === 'tools') readTools(p.value, base, index, vocabulary, rules, problem);
    else if (p.key === '$schema' && p.value.type !== 'string') problem(p.value, 'bad-value', '$schema must be a string');
  }
  return { rules, problems };
}

type ProblemSink = (
  node: Pick<Node, 'offset' | 'length'>,
  kind: PolicyProblem['kind'],
  message: string,
  suggestion?: string,
  /** The suggested name is already a sibling key. */
  taken?: boolean,
) => void;

/** Drops all but the last of repeated keys (the one JSON readers use), saying so at each earlier one. */
function withoutDuplicates(props: Property[], problem: ProblemSink): Property[] {
  const last = new Map<string, Property>();
  for (const p of props) last.set(p.key, p);
  return props.filter((p) => {
    const winner = last.get(p.key)!;
    if (winner === p) return true;
    problem(p.keyNode, 'duplicate', `"${p.key}" is given again further down; only that later one counts`);
    return false;
  });
}

function unknown(p: Property, valid: readonly string[], what: string, problem: ProblemSink, siblings: readonly Property[]): void {
  const near = closestName(p.key, valid);
  problem(
    p.keyNode,
    'unknown-name',
    `"${p.key}" is not ${what} (${near ? `did you mean "${near}"?` : `valid: ${valid.join(', ')}`}); it is ignored`,
    near,
    siblings.some((q) => q.key === near),
  );
}

function readSeverity(node: Node, problem: ProblemSink): Severity | undefined {
  if (node.type === 'string' && (SEVERITIES as readonly string[]).includes(node.value as string)) return node.value as Severity;
  const near = typeof node.value === 'string' ? closestName(node.value, SEVERITIES) : undefined;
  problem(
    node,
    'bad-value',
    `severity must be "error", "warning" or "info"${near ? ` (did you mean "${near}"?)` : ''}; "error" is used`,
    near,
  );
  return undefined;
}

/** Options every rule object may carry: its own severity and the team's reason. */
function ruleOptions(props: Property[], base: Severity, problem: ProblemSink): { severity: Severity; reason?: string } {
  let severity = base;
  let reason: string | undefined;
  for (const p of props) {
    if (p.key === 'severity' && p.value) severity = readSeverity(p.value, problem) ?? base;
    if (p.key === 'reason' && p.value) {
      if (p.value.type === 'string') reason = String(p.value.value);
      else problem(p.value, 'bad-value', 'reason must be a string');
    }
  }
  return { severity, ...(reason ? { reason } : {}) };
}

/** `"go": "<range>"` or `"go": { "version": "<range>", "severity": …, "reason": … }`; tools entries have the same shape. */
function readVersionRule(
  p: Property,
  kind: 'go' | 'tool',
  base: Severity,
  index: LineIndex,
  rules: PolicyRule[],
  problem: ProblemSink,
): void {
  const name = kind === 'go' ? 'go' : `tools.${p.key}`;
  let rangeNode: Node | undefined;
  let options: { severity: Severity; reason?: string } = { severity: base };
  if (p.value!.type === 'string') rangeNode = p.value;
  else if (p.value!.type === 'object') {
    const props = withoutDuplicates(properties(p.value!), problem);
    for (const q of props)
      if (q.key !== 'version' && !(RULE_OPTIONS as readonly string[]).includes(q.key))
        unknown(q, ['version', ...RULE_OPTIONS], `an option of ${name}`, problem, props);
    options = ruleOptions(props, base, problem);
    rangeNode = props.find((q) => q.key === 'version')?.value;
    if (!rangeNode) {
      problem(p.keyNode, 'bad-value', `${name} needs a "version" range, e.g. ${kind === 'go' ? '">=1.26"' : '">=1.0.0"'}`);
      return;
    }
  }
  if (!rangeNode || rangeNode.type !== 'string') {
    problem(
      rangeNode ?? p.value!,
      'bad-value',
      `${name} must be a version range in a string, e.g. ${kind === 'go' ? '">=1.26.10 <1.28"' : '">=1.26.0"'}`,
    );
    return;
  }
  const text = String(rangeNode.value);
  const reading = readRange(text, kind);
  if (!reading.ok) {
    problem(rangeNode, 'bad-range', `${name} "${text}" cannot be read as a version range: ${reading.why}`);
    return;
  }
  const span = index.span(isOneLine(p.node, index) ? p.node : rangeNode);
  if (kind === 'go') rules.push({ kind: 'go', name, range: text.trim(), ...options, ...span });
  else rules.push({ kind: 'tool', name, tool: p.key, range: text.trim(), ...options, ...span });
}

function isOneLine(node: Node, index: LineIndex): boolean {
  return index.position(node.offset).line === index.position(node.offset + node.length).line;
}

function readEnv(
  env: Node,
  base: Severity,
  index: LineIndex,
  vocabulary: PolicyVocabulary,
  rules: PolicyRule[],
  problem: ProblemSink,
): void {
  if (env.type !== 'object') {
    problem(env, 'bad-value', 'env must be an object of variable names, e.g. { "GOPROXY": "https://goproxy.example.com" }');
    return;
  }
  const vars = withoutDuplicates(properties(env), problem);
  for (const p of vars) {
    if (!vocabulary.variables.includes(p.key)) {
      const near = closestName(p.key, vocabulary.variables);
      const why = /^[A-Z][A-Z0-9_]*$/.test(p.key) ? 'a Go variable Go Health reads' : 'a variable name';
      const taken = vars.some((q) => q.key === near);
      problem(
        p.keyNode,
        'unknown-name',
        `"${p.key}" is not ${why}${near ? ` (did you mean "${near}"?)` : ''}; the rule is ignored`,
        near,
        taken,
      );
      continue;
    }
    if (!p.value) continue;
    const variable = p.key;
    if (p.value.type === 'string') {
      rules.push(
        envRule(variable, 'equals', [String(p.value.value)], { severity: base }, index.span(isOneLine(p.node, index) ? p.node : p.keyNode)),
      );
      continue;
    }
    if (p.value.type !== 'object') {
      problem(p.value, 'bad-value', `${variable} must be a string (the exact value) or an object such as { "includes": ["…"] }`);
      continue;
    }
    const props = withoutDuplicates(properties(p.value), problem);
    const options = ruleOptions(props, base, problem);
    let tests = 0;
    for (const q of props) {
      if ((RULE_OPTIONS as readonly string[]).includes(q.key)) continue;
      if (!(ENV_TESTS as readonly string[]).includes(q.key)) {
        unknown(q, [...ENV_TESTS, ...RULE_OPTIONS], `a test of env.${variable}`, problem, props);
        continue;
      }
      if (!q.value) continue;
      const test = q.key as EnvTest;
      const span = index.span(isOneLine(q.node, index) ? q.node : q.keyNode);
      const values = readTestValues(variable, test, q.value, problem);
      if (values === undefined) continue;
      tests++;
      rules.push(envRule(variable, test, values, options, span));
    }
    if (tests === 0 && !hasTestKeys(props))
      problem(p.keyNode, 'bad-value', `env.${variable} states no test: use equals, oneOf, includes, excludes, not or noDirect`);
  }
}

/** True when the rule names a test or something else than options (already reported when wrong, so not reported again as empty). */
function hasTestKeys(props: Property[]): boolean {
  return props.some((q) => !(RULE_OPTIONS as readonly string[]).includes(q.key));
}

function envRule(
  variable: string,
  test: EnvTest,
  values: string[],
  options: { severity: Severity; reason?: string },
  span: PolicySpan,
): EnvRule {
  return {
    kind: 'env',
    name: test === 'equals' ? `env.${variable}` : `env.${variable}.${test}`,
    variable,
    test,
    values,
    ...options,
    ...span,
  };
}

/** The strings a test names: one for equals, a list (or one string) for the others, `true` for noDirect. */
function readTestValues(variable: string, test: EnvTest, node: Node, problem: ProblemSink): string[] | undefined {
  if (test === 'noDirect') {
    if (variable !== 'GOPROXY') {
      problem(node, 'bad-value', `noDirect applies to GOPROXY only (it forbids the "direct" entry); env.${variable} ignores it`);
      return undefined;
    }
    if (node.type !== 'boolean') {
      problem(node, 'bad-value', 'noDirect must be true or false');
      return undefined;
    }
    return node.value === true ? [] : undefined;
  }
  if (test === 'equals') {
    if (node.type === 'string') return [String(node.value)];
    problem(node, 'bad-value', `equals must be a string (the exact value of ${variable})`);
    return undefined;
  }
  if (node.type === 'string') return [String(node.value)];
  if (node.type === 'array' && (node.children ?? []).every((c) => c.type === 'string')) {
    const values = (node.children ?? []).map((c) => String(c.value));
    if (values.length) return values;
    problem(node, 'bad-value', `${test} needs at least one value`);
    return undefined;
  }
  problem(node, 'bad-value', `${test} must be a string or a list of strings`);
  return undefined;
}

function readTools(
  tools: Node,
  base: Severity,
  index: LineIndex,
  vocabulary: PolicyVocabulary,
  rules: PolicyRule[],
  problem: ProblemSink,
): void {
  if (tools.type !== 'object') {
    problem(tools, 'bad-value', 'tools must be an object of tool names and version ranges, e.g. { "dlv": ">=1.26.0" }');
    return;
  }
  const named = withoutDuplicates(properties(tools), problem);
  for (const p of named) {
    if (!vocabulary.tools.includes(p.key)) {
      unknown(p, vocabulary.tools, 'a tool Go Health looks for', problem, named);
      continue;
    }
    if (p.value) readVersionRule(p, 'tool', base, index, rules, problem);
  }
}
