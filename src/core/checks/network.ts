// Checks of the network area: GOPROXY, the checksum database, GOINSECURE and GOFLAGS are set to values the go command accepts safely.
import { analyseGoflags, goflagsAccepted, rewriteGoflags, splitGoflags, type GoflagsEntry } from '../data/goflags';
import type { EnvValue, Facts } from '../facts';
import { instructionsFix, setVariableFixes, shellFor, unsetVariableFixes, withIdPrefix, describeSource } from '../fixes';
import type { Finding, Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envEvidence, envLocation, envOf } from './util';

const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

interface GoproxyEntry {
  text: string;
  kind: 'direct' | 'off' | 'url' | 'invalid';
  /** The URL as the go command reads it (https:// added to a bare host). */
  url?: string;
  problem?: string;
}

/** Reads GOPROXY the way the go command does: entries split on ',' or '|'; a bare host gets https://. */
export function analyseGoproxy(value: string): GoproxyEntry[] {
  return value
    .split(/[,|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((text): GoproxyEntry => {
      if (text === 'direct' || text === 'off') return { text, kind: text };
      let url = text;
      if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = `https://${url}`;
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { text, kind: 'invalid', problem: `invalid proxy URL missing scheme: ${text}` };
      }
      const scheme = parsed.protocol.replace(/:$/, '');
      if (scheme !== 'http' && scheme !== 'https' && scheme !== 'file')
        return { text, kind: 'invalid', problem: `invalid proxy URL scheme (must be https, http, file): ${text}` };
      return { text, kind: 'url', url };
    });
}

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export const goproxyOff: CheckDefinition = {
  id: 'goproxy-off',
  area: 'network',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOPROXY=off: the go command downloads nothing',
  help: 'With GOPROXY=off every module or toolchain that is not already in the module cache fails to download ("module lookup disabled by GOPROXY=off"). Set GOPROXY to a proxy, by default https://proxy.golang.org,direct.',
  run(facts) {
    const ev = envOf(facts, 'GOPROXY');
    if (!ev || analyseGoproxy(ev.value)[0]?.kind !== 'off') return [];
    return [
      finding(this, {
        title: 'GOPROXY=off: modules and toolchains cannot be downloaded',
        detail: `GOPROXY is "${ev.value}" (${describeSource(ev, facts)}). Anything missing from the module cache fails with \`module lookup disabled by GOPROXY=off\`: new dependencies, go get, toolchain switches. Unless you work offline on purpose, set GOPROXY=${DEFAULT_GOPROXY}.`,
        evidence: { GOPROXY: envEvidence(facts, ev) },
        location: envLocation(facts, ev),
        fixes: setVariableFixes(facts, 'GOPROXY', ev, DEFAULT_GOPROXY),
      }),
    ];
  },
};

export const goproxyInsecure: CheckDefinition = {
  id: 'goproxy-insecure',
  area: 'network',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A GOPROXY entry uses plain http to a non-loopback host',
  help: 'Modules fetched over plain http can be altered on the way; only the checksum database stands between you and a tampered module. Use https.',
  run(facts) {
    const ev = envOf(facts, 'GOPROXY');
    if (!ev) return [];
    const insecure = analyseGoproxy(ev.value).filter(
      (e) => e.kind === 'url' && e.url!.startsWith('http://') && !isLoopbackHost(new URL(e.url!).hostname),
    );
    if (!insecure.length) return [];
    let fixed = ev.value;
    for (const e of insecure) fixed = fixed.replace(e.text, e.text.replace(/^http:\/\//, 'https://'));
    return [
      finding(this, {
        title: `GOPROXY fetches modules over plain http (${insecure.map((e) => e.text).join(', ')})`,
        detail: `GOPROXY is "${ev.value}" (${describeSource(ev, facts)}); ${insecure.map((e) => e.text).join(', ')} ${insecure.length > 1 ? 'are' : 'is'} reached over unencrypted http, so anyone on the network path can see and alter what is downloaded. Use https${fixed !== ev.value ? ` (GOPROXY=${fixed})` : ''}.`,
        evidence: { GOPROXY: envEvidence(facts, ev), insecureEntries: insecure.map((e) => e.text) },
        location: envLocation(facts, ev),
        fixes: setVariableFixes(facts, 'GOPROXY', ev, fixed),
      }),
    ];
  },
};

export const goproxyInvalid: CheckDefinition = {
  id: 'goproxy-invalid',
  area: 'network',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOPROXY is not a list of URLs, direct and off',
  help: 'GOPROXY is a list of proxy URLs (https, http or file) and the keywords direct and off, separated by "," or "|". The go command refuses anything else when it needs to download.',
  run(facts) {
    const ev = envOf(facts, 'GOPROXY');
    if (!ev) return [];
    const entries = analyseGoproxy(ev.value);
    const bad = entries.filter((e) => e.kind === 'invalid');
    if (!bad.length) return [];
    const kept = entries
      .filter((e) => e.kind !== 'invalid')
      .map((e) => e.text)
      .join(',');
    const fixed = kept || DEFAULT_GOPROXY;
    return [
      finding(this, {
        title: `GOPROXY is not valid: ${bad.map((e) => e.text).join(', ')}`,
        detail: `GOPROXY is "${ev.value}" (${describeSource(ev, facts)}): entries must be proxy URLs, direct or off. Every download fails with ${bad.map((e) => `\`${e.problem}\``).join(' and ')}. Set GOPROXY=${fixed}.`,
        evidence: { GOPROXY: envEvidence(facts, ev), invalidEntries: bad.map((e) => e.text) },
        location: envLocation(facts, ev),
        fixes: setVariableFixes(facts, 'GOPROXY', ev, fixed),
      }),
    ];
  },
};

/** True when a GONOSUMDB/GOPRIVATE-style pattern list matches every module path. */
function coversEverything(patterns: string): boolean {
  return patterns.split(',').some((p) => p.trim() === '*');
}

export const gosumdbOff: CheckDefinition = {
  id: 'gosumdb-off',
  area: 'network',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'Checksum verification is disabled for public modules',
  help: 'The checksum database (sum.golang.org) proves that a public module version is the one everyone else got. GOSUMDB=off, or GONOSUMDB/GOPRIVATE matching everything, turns that off. List only your private module paths in GOPRIVATE instead.',
  run(facts) {
    const causes: EnvValue[] = [];
    const sumdb = envOf(facts, 'GOSUMDB');
    if (sumdb?.value === 'off') causes.push(sumdb);
    // GONOSUMDB and GOPRIVATE are the go command's only exemptions from the checksum database (go help environment).
    for (const name of ['GONOSUMDB', 'GOPRIVATE']) {
      const ev = envOf(facts, name);
      if (ev && coversEverything(ev.value)) causes.push(ev);
    }
    if (!causes.length) return [];
    const fixes: Fix[] = causes.flatMap((ev) => withIdPrefix(unsetVariableFixes(facts, ev), ev.name.toLowerCase()));
    fixes.push(
      instructionsFix(
        'use-goprivate',
        'Exempt only your private modules',
        [
          'Name only the module path prefixes that are private (for example your company host); checksums stay verified for everything else.',
        ],
        [{ shell: shellFor(facts), text: "go env -w 'GOPRIVATE=git.example.com,github.com/your-org/*'" }],
      ),
    );
    return [
      finding(this, {
        title: `Checksum verification is off for public modules (${causes.map((c) => `${c.name}=${c.value}`).join(', ')})`,
        detail: `${causes.map((c) => `${c.name}=${c.value} (${describeSource(c, facts)})`).join('; ')}: the go command no longer checks downloaded public modules against the checksum database, so a compromised proxy or repository can hand you altered code unnoticed. Remove ${causes.length > 1 ? 'these settings' : 'this setting'} and list only your private module paths in GOPRIVATE.`,
        evidence: Object.fromEntries(causes.map((c) => [c.name, envEvidence(facts, c)])),
        location: envLocation(
          facts,
          causes.find((c) => c.source === 'goenv-file'),
        ),
        fixes,
      }),
    ];
  },
};

export const goinsecureSet: CheckDefinition = {
  id: 'goinsecure-set',
  area: 'network',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOINSECURE is set',
  help: 'GOINSECURE lets the go command fetch matching modules over plain http and skip certificate checks. Serve private modules over https and unset it.',
  run(facts) {
    const ev = envOf(facts, 'GOINSECURE');
    if (!ev || ev.value.trim() === '') return [];
    return [
      finding(this, {
        title: `GOINSECURE=${ev.value} allows insecure downloads`,
        detail: `GOINSECURE is "${ev.value}" (${describeSource(ev, facts)}): modules matching it are fetched without https or certificate checks${coversEverything(ev.value) ? ' — and "*" matches every module' : ''}. Serve those modules over https and unset GOINSECURE.`,
        evidence: { GOINSECURE: envEvidence(facts, ev) },
        location: envLocation(facts, ev),
        fixes: unsetVariableFixes(facts, ev),
      }),
    ];
  },
};

/** The entries (by text) the go command refuses in a GOFLAGS value. */
function refusedEntries(value: string): string[] {
  return analyseGoflags(value)
    .filter((e) => e.problem && e.partOf === undefined)
    .map((e) => e.text);
}

/** True when `next` fixes `entry` and breaks nothing else that `value` had right. */
function fixesWithoutHarm(value: string, next: string | undefined, entry: string): boolean {
  if (next === undefined) return false;
  const before = refusedEntries(value);
  const after = refusedEntries(next);
  return !after.includes(entry) && after.every((t) => before.includes(t)) && after.length < before.length;
}

function goflagsFindings(check: CheckDefinition, facts: Facts, wanted: (e: GoflagsEntry) => boolean): Finding[] {
  const ev = envOf(facts, 'GOFLAGS');
  if (!ev || !ev.value.trim()) return [];
  const windows = facts.host.platform === 'win32';
  const entries = analyseGoflags(ev.value, { windows });
  const out: Finding[] = [];
  entries.forEach((e, index) => {
    if (!e.problem || e.partOf !== undefined || !wanted(e)) return;
    const fixes: Fix[] = [];
    const from = e.from ?? index;
    let suggested: string | undefined;
    if (e.problem === 'unterminated') {
      // The go command cannot split the value at all: closing the quote is the one guess worth offering.
      const q = /(['"])[^'"]*$/.exec(ev.value)?.[1];
      const closed = q ? `${ev.value}${q}` : undefined;
      if (closed && goflagsAccepted(closed)) suggested = closed;
    } else if (e.suggestion) {
      const next = rewriteGoflags(ev.value, from, e.suggestion, e.span ?? 1);
      if (fixesWithoutHarm(ev.value, next, e.text)) suggested = next;
    }
    if (suggested !== undefined) fixes.push(...withIdPrefix(setVariableFixes(facts, 'GOFLAGS', ev, suggested), 'replace-entry'));
    const without =
      e.problem === 'unterminated' ? '' : rewriteGoflags(ev.value, index, undefined, e.problem === 'misquoted' ? (e.span ?? 1) : 1);
    if (without !== undefined) fixes.push(...withIdPrefix(setVariableFixes(facts, 'GOFLAGS', ev, without || undefined), 'remove-entry'));
    const shownSuggestion = e.problem === 'unterminated' ? suggested : suggested !== undefined ? e.suggestion : undefined;
    const consequence =
      e.problem === 'unknown'
        ? `No go command has a -${e.name} flag. Every go command but \`go env\` and \`go bug\` stops with \`${e.message}\`, and a typo like this is easy to miss because \`go env\` shows nothing wrong.`
        : e.problem === 'misquoted'
          ? `The go command splits GOFLAGS at spaces and honours a quote only at the start of an entry, so it reads ${e.text} as ${e.span} entries (${splitGoflags(e.text).join(' and ')}) and every go command but \`go env\` stops with \`${e.message}\`. Quote the whole entry instead.`
          : e.problem === 'unterminated'
            ? `A quote is opened and never closed, so the go command cannot split GOFLAGS into entries: every go command but \`go env\` stops with \`${e.message}\`.`
            : e.problem === 'non-flag'
              ? `Every go command except \`go env\` refuses to start: \`${e.message}\`. GOFLAGS entries are space-separated -flag=value settings; a value with spaces is quoted as a whole entry ('-flag=a b'), never a separate word.`
              : `Go commands that take -${e.name} stop with \`${e.message}\`.`;
    out.push(
      finding(check, {
        title:
          e.problem === 'unknown'
            ? `GOFLAGS has an unknown flag: ${e.text}`
            : e.problem === 'misquoted'
              ? `GOFLAGS entry ${e.text} is quoted from its middle`
              : e.problem === 'unterminated'
                ? 'GOFLAGS has a quote that is never closed'
                : `GOFLAGS entry ${e.text} is not valid`,
        detail: `GOFLAGS is ${JSON.stringify(ev.value)} (${describeSource(ev, facts)}). ${consequence} ${shownSuggestion ? `${e.problem === 'unknown' ? 'Did you mean' : 'Write it as'} ${shownSuggestion}${e.problem === 'unknown' ? '?' : '.'} ` : ''}${e.problem === 'unterminated' ? 'Close the quote or unset GOFLAGS.' : 'Correct or remove the entry.'}`,
        evidence: {
          GOFLAGS: envEvidence(facts, ev),
          entry: e.text,
          problem: e.problem,
          ...(shownSuggestion ? { suggestion: shownSuggestion } : {}),
        },
        location: envLocation(facts, ev),
        fixes,
      }),
    );
  });
  return out;
}

export const goflagsInvalid: CheckDefinition = {
  id: 'goflags-invalid',
  area: 'network',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A GOFLAGS entry is not a flag, or has a bad value for a known flag',
  help: 'GOFLAGS is a space-separated list of -flag=value settings. An entry that does not start with "-" stops every go command ("go: parsing $GOFLAGS: non-flag …"); a bad value (-mod=vender) breaks the commands that use the flag.',
  run(facts) {
    return goflagsFindings(this, facts, (e) => e.problem !== 'unknown');
  },
};

export const goflagsUnknown: CheckDefinition = {
  id: 'goflags-unknown',
  area: 'network',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'A GOFLAGS flag name is known to no go command',
  help: 'A flag no go command knows is usually a typo, and it is not ignored: every go command but `go env` and `go bug` (which hide it) stops with "go: parsing $GOFLAGS: unknown flag -…". Correct or remove it.',
  run(facts) {
    return goflagsFindings(this, facts, (e) => e.problem === 'unknown');
  },
};

export const NETWORK_CHECKS: readonly CheckDefinition[] = [
  goproxyOff,
  goproxyInsecure,
  goproxyInvalid,
  gosumdbOff,
  goinsecureSet,
  goflagsInvalid,
  goflagsUnknown,
];
