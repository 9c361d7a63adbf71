// Checks of the team policy (`.gohealth.json`): where this machine, a CI job or a version pin breaks a rule, and what in the file cannot be read.
import type { CiGoVersion, EnvValue, Facts } from '../facts';
import { describeSource, goInstallFix, goReleaseFix, replaceRangeFix, setVariableFixes, unsetVariableFixes } from '../fixes';
import { GO_TOOLS, TOOL_PACKAGES } from '../data/tools';
import { compareGoVersions, parseGoVersion } from '../goversion';
import { dirOf, isUnder } from '../paths';
import { compliantValue, judgeEnvRule, ruleInWords } from '../policy/evaluate';
import { SECURITY_VARIABLES, type EnvRule, type GoVersionRule, type PolicyFile, type PolicyRule, type ToolRule } from '../policy/model';
import { goPinSatisfies, goSatisfies, lowestGoRelease, readRange, toolInstallVersion, toolSatisfies } from '../policy/ranges';
import type { Range } from 'semver';
import type { Finding, Fix, Location, RunCommandFix } from '../report';
import { parseGotoolchain, toolchainVersion } from '../toolchainSelection';
import { declaredValue, policyRuleVariable, valueFindings } from './declared';
import { finding, type CheckDefinition } from './types';
import { releaseFor } from '../releases';
import { envEvidence, envOf, hostPlatform, isWindows, releasesOf } from './util';

function basename(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}

function ruleLocation(policy: PolicyFile, rule: PolicyRule): Location {
  return { file: policy.file, line: rule.line, column: rule.column, endColumn: rule.endColumn };
}

function shown(value: string): string {
  return value === '' ? 'unset' : `"${value}"`;
}

/** The policy's reason, quoted as the team's words (it comes from the repository, so it is never taken as Go Health's). */
function reasonSentence(rule: PolicyRule): string {
  return rule.reason ? ` The policy gives this reason: "${rule.reason}".` : '';
}

/** Marks fixes as the policy's: a face shows where the value comes from and, for security-relevant ones, asks first. */
function fromPolicy(fixes: Fix[], policy: PolicyFile, rule: PolicyRule, securityRelevant: boolean): Fix[] {
  const where = `${basename(policy.file)} line ${rule.line}`;
  return fixes.map((f) => ({
    ...f,
    id: `policy-${f.id}`,
    title: `${f.title} (the team policy's value, ${where})`,
    origin: { kind: 'policy', file: policy.file, line: rule.line, rule: rule.name, securityRelevant },
  }));
}

/** The policy governing a file: the nearest one in the file's directory or above it. */
function policyFor(facts: Facts, file: string): PolicyFile | undefined {
  const win = isWindows(facts);
  let best: PolicyFile | undefined;
  for (const p of facts.policies ?? []) {
    const dir = dirOf(p.file, win);
    if (isUnder(file, dir, win) && (!best || dirOf(best.file, win).length < dir.length)) best = p;
  }
  return best;
}

/**
 * The fixes that apply a policy value to a variable, or none when the value itself is one the value checks flag
 * (a policy asking for GOSUMDB=off is reported as such, never applied). `screened` names what stopped it.
 */
function envRuleFixes(facts: Facts, policy: PolicyFile, rule: EnvRule, ev: EnvValue): { fixes: Fix[]; screened: string[] } {
  const target = compliantValue(rule, ev.value);
  if (target === null) return { fixes: [], screened: [] };
  if (target !== undefined) {
    const asked = policyRuleVariable(policy, rule, target);
    // Only what the policy's value adds counts: a mistake already in the current value is that value's own finding.
    const before = new Set(valueFindings(facts, { ...asked, value: ev.value }).map((f) => `${f.id}\0${f.title}`));
    const flagged = valueFindings(facts, asked).filter((f) => !before.has(`${f.id}\0${f.title}`));
    if (flagged.length) return { fixes: [], screened: flagged.map((f) => f.id) };
  } else if (ev.source === 'default' || ev.source === 'goroot-go.env') {
    // A default cannot be unset; the rule does not say what to set instead.
    return { fixes: [], screened: [] };
  }
  const raw = target === undefined ? unsetVariableFixes(facts, ev) : setVariableFixes(facts, rule.variable, ev, target);
  return { fixes: fromPolicy(raw, policy, rule, SECURITY_VARIABLES.has(rule.variable)), screened: [] };
}

function fixSentence(fixes: Fix[], screened: string[]): string {
  if (screened.length)
    return ` No fix applies the policy's value: it is itself reported (${[...new Set(screened)].join(', ')}). Ask the policy's owners to correct the rule.`;
  if (!fixes.length) return ' Change the value to one the rule allows, or ask the policy owners to change the rule.';
  return " Apply the policy's value, or ask the policy's owners to change the rule if it is wrong for this machine.";
}

function envDrift(check: CheckDefinition, facts: Facts, policy: PolicyFile, rule: EnvRule): Finding[] {
  const ev = envOf(facts, rule.variable) ?? { name: rule.variable, value: '', source: 'default' as const };
  const verdict = judgeEnvRule(rule, ev.value);
  if (verdict.complies) return [];
  const { fixes, screened } = envRuleFixes(facts, policy, rule, ev);
  const entries = verdict.entries?.length ? ` (${rule.test === 'includes' ? 'missing' : 'present'}: ${verdict.entries.join(', ')})` : '';
  return [
    finding(check, {
      title: `${ruleInWords(rule)} (team policy), but here it is ${shown(ev.value)}`,
      detail: `${policy.file} line ${rule.line} (${rule.name}) says ${ruleInWords(rule)}. On this machine ${rule.variable} is ${shown(ev.value)}${entries}, ${describeSource(ev, facts)}.${reasonSentence(rule)}${fixSentence(fixes, screened)}`,
      evidence: {
        rule: rule.name,
        test: rule.test,
        expected: rule.values,
        policyFile: policy.file,
        policyLine: rule.line,
        variable: rule.variable,
        value: ev.value,
        source: ev.source,
        sourceDescription: describeSource(ev, facts),
        ...(verdict.entries?.length ? { entries: verdict.entries } : {}),
        ...(ev.source !== 'default' ? { machine: envEvidence(facts, ev) } : {}),
      },
      location: ruleLocation(policy, rule),
      severity: rule.severity,
      fixes,
    }),
  ];
}

/** The Go the go command runs on this machine, as far as the policy cares: GOTOOLCHAIN's choice when it overrides the go on PATH. */
export function policyGo(facts: Facts): { version: string; how: string } | undefined {
  const active = facts.activeGo?.goVersion;
  if (!active) return undefined;
  const how = `the go on PATH (${facts.activeGo!.path})`;
  const gt = envOf(facts, 'GOTOOLCHAIN');
  const parsed = parseGotoolchain(gt?.value);
  const base = parsed.valid && parsed.base !== 'local' ? toolchainVersion(parsed.base) : undefined;
  const activeV = parseGoVersion(active);
  if (!base || !activeV || !gt) return { version: active, how };
  const via = `GOTOOLCHAIN=${gt.value} (${describeSource(gt, facts)})`;
  if (parsed.mode === 'pinned') return { version: parsed.base, how: via };
  if (compareGoVersions(base, activeV) > 0) return { version: parsed.base, how: via };
  return { version: active, how };
}

/** The release to move to: the newest patch of the lowest minor the range allows (one that exists), else its lowest. */
function targetRelease(facts: Facts, range: Range): string | undefined {
  const lowest = lowestGoRelease(range);
  const newest = lowest ? releaseFor(releasesOf(facts), lowest, hostPlatform(facts)) : undefined;
  return newest && goSatisfies(newest, range) ? newest : lowest;
}

function goDrift(check: CheckDefinition, facts: Facts, policy: PolicyFile, rule: GoVersionRule): Finding[] {
  const reading = readRange(rule.range, 'go');
  const go = policyGo(facts);
  if (!reading.ok || !go || goSatisfies(go.version, reading.range) !== false) return [];
  const lowest = lowestGoRelease(reading.range);
  const fixes: Fix[] = [];
  const target = targetRelease(facts, reading.range);
  const targetV = parseGoVersion(target);
  const activeV = parseGoVersion(facts.activeGo?.goVersion);
  const below = !!activeV && !!targetV && compareGoVersions(activeV, targetV) < 0;
  if (target && targetV && activeV && (targetV.major > 1 || targetV.minor >= 21) && (activeV.major > 1 || activeV.minor >= 21)) {
    // Below the range: a minimum that still lets go lines switch higher; above it: that release for every command.
    const value = below ? `go${target}+auto` : `go${target}`;
    const gt = envOf(facts, 'GOTOOLCHAIN');
    fixes.push(...fromPolicy(setVariableFixes(facts, 'GOTOOLCHAIN', gt, value), policy, rule, true));
  }
  if (target)
    fixes.push(
      ...fromPolicy([goReleaseFix(facts, target, below ? 'upgrade' : 'add-toolchain', { id: 'install-go' })], policy, rule, false),
    );
  return [
    finding(check, {
      title: `The team policy wants Go ${rule.range}, but this machine runs ${go.version}`,
      detail: `${policy.file} line ${rule.line} says the Go release must be in ${rule.range}. This machine runs ${go.version}: ${go.how}.${reasonSentence(rule)} Install a release in the range${lowest ? ` (${lowest} is the lowest)` : ''} and put it first on PATH, or let the go command fetch it with GOTOOLCHAIN.`,
      evidence: {
        rule: rule.name,
        range: rule.range,
        policyFile: policy.file,
        policyLine: rule.line,
        value: go.version,
        source: go.how,
        activeGo: facts.activeGo?.path,
      },
      location: ruleLocation(policy, rule),
      severity: rule.severity,
      fixes,
    }),
  ];
}

/** The package to `go install` for a tool at a version: the module's major version suffix follows the version. */
function toolPackage(tool: string, version: string): string | undefined {
  const pkg = TOOL_PACKAGES[tool];
  if (!pkg) return undefined;
  const major = /^v(\d+)\./.exec(version)?.[1];
  if (!major) return pkg;
  const withoutSuffix = pkg.replace(/\/v\d+(?=\/|$)/, '');
  if (Number(major) < 2) return withoutSuffix;
  const m = /^([^/]+\/[^/]+\/[^/]+)(.*)$/.exec(withoutSuffix);
  return m ? `${m[1]}/v${major}${m[2]}` : pkg;
}

/**
 * `go install` of a tool in the range. For @latest the active Go may only build an older release; when that one is
 * outside the range, the newest is built with the toolchain its go line needs (GOTOOLCHAIN=goX+auto for this command).
 */
function toolInstall(facts: Facts, pkg: string, version: string, range: Range, tool: string): RunCommandFix {
  const fix = goInstallFix(facts, pkg, version, `install-${tool}`);
  const asked = fix.args.at(-1)!.split('@')[1]!;
  const line = GO_TOOLS.find((t) => t.package === pkg)?.goLines?.[0]?.go;
  if (version !== 'latest' || asked === 'latest' || toolSatisfies(asked, range) !== false || !line) return fix;
  const newest = goInstallFix(facts, pkg, 'latest', `install-${tool}`, `go${line}`);
  newest.env = { GOTOOLCHAIN: `go${line}+auto` };
  return newest;
}

function toolDrift(check: CheckDefinition, facts: Facts, policy: PolicyFile, rule: ToolRule): Finding[] {
  const reading = readRange(rule.range, 'tool');
  if (!reading.ok) return [];
  const info = facts.tools.find((t) => t.name === rule.tool);
  const copy = info?.pathCopies[0] ?? info?.installDirCopy;
  const version = copy?.moduleVersion;
  const verdict = copy ? toolSatisfies(version, reading.range) : false;
  if (verdict === true) return [];
  const installVersion = toolInstallVersion(reading.range);
  const pkg = toolPackage(rule.tool, installVersion);
  const fixes = pkg ? fromPolicy([toolInstall(facts, pkg, installVersion, reading.range, rule.tool)], policy, rule, true) : [];
  const unreadable = copy && verdict === undefined;
  const state = !copy ? 'is not installed' : unreadable ? `is ${version ?? 'of unknown version'}, which is no release` : `is ${version}`;
  return [
    finding(check, {
      title: `The team policy wants ${rule.tool} ${rule.range}, but here it ${state}`,
      detail: `${policy.file} line ${rule.line} says ${rule.tool} must be ${rule.range}. ${copy ? `${copy.path} ${state}` : `No ${rule.tool} was found on PATH or in the go install directory`}${unreadable ? ' (a development build or pseudo-version, so it cannot be compared)' : ''}.${reasonSentence(rule)} ${pkg ? `Install it with go install ${pkg}@${installVersion}.` : `Install a ${rule.tool} in the range.`}`,
      evidence: {
        rule: rule.name,
        range: rule.range,
        policyFile: policy.file,
        policyLine: rule.line,
        tool: rule.tool,
        value: version ?? (copy ? 'unknown' : 'not installed'),
        source: copy?.path ?? 'not found',
      },
      location: ruleLocation(policy, rule),
      severity: unreadable ? 'info' : rule.severity,
      fixes,
    }),
  ];
}

/** The Go variables CI jobs and containers set, judged against the policy governing their file, at their line. */
function declaredDrift(check: CheckDefinition, facts: Facts): Finding[] {
  const out: Finding[] = [];
  for (const env of facts.declaredEnvs ?? []) {
    const policy = policyFor(facts, env.file);
    if (!policy) continue;
    for (const v of env.vars) {
      for (const rule of policy.rules) {
        if (rule.kind !== 'env' || rule.variable !== v.name) continue;
        const verdict = judgeEnvRule(rule, v.value);
        if (verdict.complies) continue;
        const ev = declaredValue(v);
        const { fixes, screened } = envRuleFixes(facts, policy, rule, ev);
        out.push(
          finding(check, {
            title: `${basename(env.file)}, ${env.scope}: ${ruleInWords(rule)} (team policy), but it sets ${shown(v.value)}`,
            detail: `${env.file} line ${v.line} (${env.scope}) sets ${v.name}=${v.value}, but ${policy.file} line ${rule.line} (${rule.name}) says ${ruleInWords(rule)}. That ${env.kind === 'dockerfile' || env.kind === 'devcontainer' ? 'container' : 'CI job'} builds differently from what the team agreed.${reasonSentence(rule)}${fixSentence(fixes, screened)}`,
            evidence: {
              rule: rule.name,
              test: rule.test,
              expected: rule.values,
              policyFile: policy.file,
              policyLine: rule.line,
              variable: v.name,
              value: v.value,
              source: 'declared',
              sourceDescription: describeSource(ev, facts),
              declaredIn: { file: env.file, kind: env.kind, scope: env.scope, line: v.line },
            },
            location: { file: v.file, line: v.line, column: v.column, endColumn: v.endColumn },
            severity: rule.severity,
            fixes: fixes.filter((f) => f.kind === 'edit-file'),
          }),
        );
      }
    }
  }
  return out;
}

interface PinAt {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  raw: string;
  version: string;
  what: string;
}

/** Every pinned Go version outside go.mod/go.work: CI files, version-manager files, dev containers. */
function pinsOf(facts: Facts): PinAt[] {
  const ci = facts.ci
    .filter((c): c is CiGoVersion & { version: string } => !!c.version)
    .map((c) => ({ ...c, what: c.kind === 'github-actions' ? 'setup-go' : c.kind === 'dockerfile' ? 'FROM' : 'image' }));
  const pins = (facts.pins ?? []).filter((p): p is typeof p & { version: string } => !!p.version).map((p) => ({ ...p, what: p.kind }));
  return [...ci, ...pins];
}

/** A pin's text with its version replaced, in the pin's own precision (1.25 stays a minor, 1.25.0 a release). */
function repinned(pin: PinAt, lowest: string): string | undefined {
  const at = pin.raw.indexOf(pin.version);
  if (at < 0) return undefined;
  const v = parseGoVersion(pin.version);
  const replacement = v && v.patch === undefined ? lowest.split('.').slice(0, 2).join('.') : lowest;
  return pin.raw.slice(0, at) + replacement + pin.raw.slice(at + pin.version.length);
}

function pinDrift(check: CheckDefinition, facts: Facts): Finding[] {
  const out: Finding[] = [];
  for (const pin of pinsOf(facts)) {
    const policy = policyFor(facts, pin.file);
    const rule = policy?.rules.find((r): r is GoVersionRule => r.kind === 'go');
    if (!policy || !rule) continue;
    const reading = readRange(rule.range, 'go');
    if (!reading.ok || goPinSatisfies(pin.version, reading.range) !== false) continue;
    const lowest = targetRelease(facts, reading.range);
    const newRaw = lowest ? repinned(pin, lowest) : undefined;
    const fixes = newRaw
      ? fromPolicy(
          [replaceRangeFix('repin-go', `Change ${pin.raw} to ${newRaw}`, pin.file, pin.line, pin.column, pin.endColumn, newRaw)],
          policy,
          rule,
          false,
        )
      : [];
    out.push(
      finding(check, {
        title: `${basename(pin.file)} pins Go ${pin.version}, outside the team policy's ${rule.range}`,
        detail: `${pin.file} line ${pin.line} (${pin.raw}) selects Go ${pin.version}, but ${policy.file} line ${rule.line} says the Go release must be in ${rule.range}.${reasonSentence(rule)} Pin a release in the range${lowest ? `, e.g. ${lowest}` : ''}.`,
        evidence: {
          rule: rule.name,
          range: rule.range,
          policyFile: policy.file,
          policyLine: rule.line,
          pinFile: pin.file,
          pin: pin.raw,
          value: pin.version,
        },
        location: { file: pin.file, line: pin.line, column: pin.column, endColumn: pin.endColumn },
        severity: rule.severity,
        fixes,
      }),
    );
  }
  return out;
}

export const policyDrift: CheckDefinition = {
  id: 'policy-drift',
  area: 'policy',
  severity: 'error',
  where: 'all',
  summary: 'The environment differs from the team policy committed in the repository (.gohealth.json)',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions', 'run-command', 'edit-file'],
  help: "A .gohealth.json at the repository root (or a workspace folder) states what a correct Go environment is for the project: the Go release range, required values of Go variables (GOPROXY, GOSUMDB, GOPRIVATE, GOFLAGS, …) and tool version ranges. Each rule this machine, a CI job or a version pin breaks is reported at the rule's line (for CI and pins, at the line that breaks it), with the value found and where it comes from, at the severity the rule gives (error by default). Fixes apply the policy's value; because a policy comes from the repository, those that change where code comes from or whether it is verified ask first and are not offered in Restricted Mode.",
  run(facts) {
    const out: Finding[] = [];
    for (const policy of facts.policies ?? []) {
      for (const rule of policy.rules) {
        if (rule.kind === 'env') out.push(...envDrift(this, facts, policy, rule));
        else if (rule.kind === 'go') out.push(...goDrift(this, facts, policy, rule));
        else out.push(...toolDrift(this, facts, policy, rule));
      }
    }
    out.push(...declaredDrift(this, facts), ...pinDrift(this, facts));
    return out;
  },
};

export const policyInvalid: CheckDefinition = {
  id: 'policy-invalid',
  area: 'policy',
  severity: 'error',
  where: 'all',
  summary: 'The team policy file cannot be read, or names rules, variables or tools that do not exist',
  fixKinds: ['edit-file'],
  help: 'A .gohealth.json is JSON with comments. A syntax error, a version range that cannot be read or a value of the wrong type is an error at its line (the rest of the policy still applies); an unknown key, variable or tool name is a warning with the closest valid name, and that rule is ignored until it is corrected.',
  run(facts) {
    const out: Finding[] = [];
    for (const policy of facts.policies ?? []) {
      if (policy.readError) {
        out.push(
          finding(this, {
            title: `The team policy ${basename(policy.file)} cannot be read`,
            detail: `${policy.file}: ${policy.readError}. None of its rules are checked until it can be read.`,
            evidence: { policyFile: policy.file, readError: policy.readError },
            location: { file: policy.file, line: 1, column: 1 },
          }),
        );
        continue;
      }
      for (const p of policy.problems) {
        const fixes: Fix[] = [];
        if (p.kind === 'unknown-name' && p.suggestion && !p.suggestionTaken)
          fixes.push(
            replaceRangeFix(
              'rename-to-closest',
              `Rename to "${p.suggestion}"`,
              policy.file,
              p.line,
              p.column,
              p.endColumn,
              `"${p.suggestion}"`,
            ),
          );
        out.push(
          finding(this, {
            title: `${basename(policy.file)} line ${p.line}: ${p.message}`,
            detail: `${policy.file} line ${p.line}, column ${p.column}: ${p.message}.${p.kind === 'syntax' ? ' The rules that could be read are still checked.' : ''}`,
            evidence: {
              policyFile: policy.file,
              line: p.line,
              column: p.column,
              problem: p.kind,
              ...(p.suggestion ? { suggestion: p.suggestion } : {}),
            },
            location: { file: policy.file, line: p.line, column: p.column, endColumn: p.endColumn },
            severity: p.severity,
            fixes,
          }),
        );
      }
    }
    return out;
  },
};

export const POLICY_CHECKS: readonly CheckDefinition[] = [policyDrift, policyInvalid];
