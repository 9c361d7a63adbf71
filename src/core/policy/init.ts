// Writes a team policy from this machine (the reference setup): its Go release as the lower bound, its proxy, checksum, flags and toolchain settings, its tool versions.
import type { Facts } from '../facts';
import { valueFindings } from '../checks/declared';
import { envOf } from '../checks/util';
import { parseGoVersion } from '../goversion';
import { entriesOf } from './evaluate';
import { isPseudoVersion, toolVersionAsSemver } from './ranges';

/** The variables a reference machine's policy states, with how a rule for each is written. */
const POLICY_VARIABLES: readonly { name: string; as: 'equals' | 'includes' }[] = [
  { name: 'GOPROXY', as: 'equals' },
  { name: 'GOSUMDB', as: 'equals' },
  // Developers may add their own private patterns and flags: the policy asks for the team's, not for only those.
  { name: 'GOPRIVATE', as: 'includes' },
  { name: 'GOFLAGS', as: 'includes' },
  { name: 'GOTOOLCHAIN', as: 'equals' },
];

export interface PolicyDraft {
  text: string;
  /** What it states, for the message after writing it. */
  summary: string[];
  /** Values of this machine left out because the value checks flag them (a policy must not ask for GOSUMDB=off). */
  leftOut: string[];
}

/** The policy text for this machine, JSON with comments, ready to commit. */
export function draftPolicy(facts: Facts): PolicyDraft {
  const summary: string[] = [];
  const leftOut: string[] = [];
  const body: string[] = [];
  const go = parseGoVersion(facts.activeGo?.goVersion);
  if (go) {
    const version = `${go.major}.${go.minor}.${go.patch ?? 0}`;
    body.push("  // The Go releases the active Go may be: this machine's release or newer.", `  "go": ${JSON.stringify(`>=${version}`)},`);
    summary.push(`go >=${version}`);
  }
  const env: string[] = [];
  for (const { name, as } of POLICY_VARIABLES) {
    const ev = envOf(facts, name);
    const value = ev?.value.trim() ?? '';
    if (value === '') continue;
    const flagged = valueFindings(facts, {
      name,
      value,
      file: 'this machine',
      kind: 'policy',
      scope: 'policy init',
      line: 1,
      column: 1,
      endColumn: 1,
      wholeLine: false,
    });
    if (flagged.length) {
      leftOut.push(`${name}=${value} (${[...new Set(flagged.map((f) => f.id))].join(', ')})`);
      env.push(`    // ${name}=${value} on this machine was left out: ${flagged[0].title.replace(/^The team policy asks for it: /, '')}.`);
      continue;
    }
    env.push(
      as === 'equals'
        ? `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`
        : `    ${JSON.stringify(name)}: { "includes": ${JSON.stringify(entriesOf(name, value))} },`,
    );
    summary.push(`${name} ${as === 'equals' ? '=' : 'includes'} ${value}`);
  }
  if (env.length)
    body.push('  // Required values of Go variables (exact, or entries that must be included).', '  "env": {', ...env, '  },');
  const tools: string[] = [];
  for (const t of facts.tools) {
    const copy = t.pathCopies[0] ?? t.installDirCopy;
    const v = copy?.moduleVersion;
    const semver = toolVersionAsSemver(v);
    if (!copy || !v || !semver || isPseudoVersion(v)) continue;
    tools.push(`    ${JSON.stringify(t.name)}: ${JSON.stringify(`>=${semver}`)},`);
    summary.push(`${t.name} >=${semver}`);
  }
  if (tools.length) body.push('  // Go tools and the versions they must be at least.', '  "tools": {', ...tools, '  },');
  const platform = `${facts.goEnv.vars.GOHOSTOS ?? facts.host.platform}/${facts.goEnv.vars.GOHOSTARCH ?? facts.host.arch}`;
  const text = [
    '// Go Health team policy: what a correct Go environment is for this repository.',
    `// Written by "gohealth policy init" from ${facts.activeGo?.goVersion ?? 'a machine without go'} on ${platform}; edit it to suit the team.`,
    '// Every editor with Go Health, `gohealth check` and CI report where a machine differs, at the rule it breaks.',
    '// A rule can also be an object: { "equals" | "oneOf" | "includes" | "excludes" | "not" | "noDirect", "severity", "reason" }.',
    '{',
    ...withoutTrailingComma(body),
    '}',
    '',
  ].join('\n');
  return { text, summary, leftOut };
}

/** JSON with comments allows a trailing comma, but a policy others read is tidier without: drop each block's last one. */
function withoutTrailingComma(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const next = out.slice(i + 1).find((l) => !l.trimStart().startsWith('//'));
    if (out[i].endsWith(',') && (next === undefined || /^\s*}/.test(next))) out[i] = out[i].slice(0, -1);
  }
  return out;
}
