// Checks of the build area: GOOS/GOARCH and cgo settings that break builds or produce binaries this machine cannot run.
import type { EnvValue, Facts } from '../facts';
import { instructionsFix, unsetVariableFixes, withIdPrefix, describeSource } from '../fixes';
import { powerShellString } from '../../platform/shell';
import type { Fix } from '../report';
import { finding, type CheckDefinition } from './types';
import { envEvidence, envLocation, envOf, envValue, hostGoarch, hostGoos, isExplicit } from './util';

function explicitTargetVars(facts: Facts): EnvValue[] {
  return ['GOOS', 'GOARCH'].map((n) => envOf(facts, n)).filter((ev): ev is EnvValue => isExplicit(ev) && ev.value !== '');
}

function unsetTargetFixes(facts: Facts, vars: EnvValue[]): Fix[] {
  return vars.flatMap((ev) => withIdPrefix(unsetVariableFixes(facts, ev), ev.name.toLowerCase()));
}

/** The target the go command builds for: the explicit GOOS/GOARCH, else the host. */
function target(facts: Facts): { goos: string; goarch: string } {
  return { goos: envValue(facts, 'GOOS') || hostGoos(facts), goarch: envValue(facts, 'GOARCH') || hostGoarch(facts) };
}

/** True when binaries for the target run here (same OS and architecture, or a combination the OS runs natively). */
function runsHere(facts: Facts, goos: string, goarch: string): boolean {
  const hostOs = hostGoos(facts);
  const hostArch = hostGoarch(facts);
  if (goos !== hostOs) return false;
  if (goarch === hostArch) return true;
  // 64-bit Windows runs 386 binaries; Apple silicon runs amd64 binaries under Rosetta 2.
  return (
    (goos === 'windows' && hostArch === 'amd64' && goarch === '386') || (goos === 'darwin' && hostArch === 'arm64' && goarch === 'amd64')
  );
}

export const goosGoarchInvalid: CheckDefinition = {
  id: 'goos-goarch-invalid',
  area: 'build',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'The GOOS/GOARCH pair is not one the go command supports',
  help: 'GOOS and GOARCH must name a pair listed by `go tool dist list`; otherwise every build fails ("unsupported GOOS/GOARCH pair"). Unset them, or correct the spelling.',
  run(facts) {
    const vars = explicitTargetVars(facts);
    if (!facts.distList || !vars.length) return [];
    const { goos, goarch } = target(facts);
    const pair = `${goos}/${goarch}`;
    if (facts.distList.includes(pair)) return [];
    const sameOs = facts.distList.filter((p) => p.startsWith(`${goos}/`));
    return [
      finding(this, {
        title: `GOOS/GOARCH ${pair} is not a supported target`,
        detail: `${vars.map((v) => `${v.name}=${v.value} (${v.source === 'os' ? 'OS environment' : 'go env -w'})`).join(', ')} make the target ${pair}, which \`go tool dist list\` does not list. Every build fails with \`cmd/go: unsupported GOOS/GOARCH pair ${pair}\`. ${sameOs.length ? `Valid targets for ${goos}: ${sameOs.join(', ')}.` : `${goos} is not a known GOOS.`} Unset them or correct the spelling.`,
        evidence: { target: pair, ...Object.fromEntries(vars.map((v) => [v.name, envEvidence(facts, v)])) },
        location: envLocation(
          facts,
          vars.find((v) => v.source === 'goenv-file'),
        ),
        fixes: unsetTargetFixes(facts, vars),
      }),
    ];
  },
};

export const crossTargetGlobal: CheckDefinition = {
  id: 'cross-target-global',
  area: 'build',
  severity: 'warning',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'GOOS/GOARCH set globally to a target other than this machine',
  help: 'A global GOOS/GOARCH makes every build cross-compile: go run and go test produce binaries this machine cannot execute, and gopls analyses the wrong platform files. Set them per command (GOOS=linux go build) instead.',
  run(facts) {
    const vars = explicitTargetVars(facts);
    if (!vars.length) return [];
    const { goos, goarch } = target(facts);
    if (runsHere(facts, goos, goarch)) return [];
    if (facts.distList && !facts.distList.includes(`${goos}/${goarch}`)) return []; // goos-goarch-invalid covers it
    const host = `${hostGoos(facts)}/${hostGoarch(facts)}`;
    return [
      finding(this, {
        title: `Every build targets ${goos}/${goarch}, not this ${host} machine`,
        detail: `${vars.map((v) => `${v.name}=${v.value} (${describeSource(v, facts)})`).join(', ')} ${vars.length > 1 ? 'apply' : 'applies'} to every go command. go run and go test build ${goos}/${goarch} binaries that this ${host} machine cannot execute ("exec format error"), and gopls shows the files of the other platform. Set them per command (\`GOOS=${goos} GOARCH=${goarch} go build\`) and unset them globally.`,
        evidence: { target: `${goos}/${goarch}`, host, ...Object.fromEntries(vars.map((v) => [v.name, envEvidence(facts, v)])) },
        location: envLocation(
          facts,
          vars.find((v) => v.source === 'goenv-file'),
        ),
        fixes: unsetTargetFixes(facts, vars),
      }),
    ];
  },
};

function ccInstallInstructions(facts: Facts): Fix {
  if (facts.host.platform === 'win32') {
    return instructionsFix('install-c-compiler', 'Install a C compiler for cgo', [
      'Install a MinGW-w64 gcc (for example from MSYS2, https://www.msys2.org, then `pacman -S mingw-w64-ucrt-x86_64-gcc`) and put its bin directory (e.g. C:\\msys64\\ucrt64\\bin) on PATH.',
    ]);
  }
  if (facts.host.platform === 'darwin') {
    return instructionsFix(
      'install-c-compiler',
      'Install the Xcode command line tools',
      ["Install Apple's command line tools, which provide clang:"],
      [{ shell: 'sh', text: 'xcode-select --install' }],
    );
  }
  return instructionsFix(
    'install-c-compiler',
    'Install gcc',
    ["Install gcc with your distribution's package manager (Debian/Ubuntu shown; needs root):"],
    [{ shell: 'sh', text: 'sudo apt-get install -y gcc', elevated: true }],
  );
}

export const cgoNoCompiler: CheckDefinition = {
  id: 'cgo-no-compiler',
  area: 'build',
  severity: 'error',
  where: 'all',
  fixKinds: ['go-env-write', 'terminal-env', 'instructions'],
  summary: 'CGO_ENABLED=1 is set but the C compiler is not found',
  help: 'With CGO_ENABLED=1 set explicitly, every package using cgo (including net and os/user on some systems) needs the C compiler named by `go env CC`. Install it, or unset CGO_ENABLED so the go command decides.',
  run(facts) {
    const ev = envOf(facts, 'CGO_ENABLED');
    if (!isExplicit(ev) || ev.value !== '1' || !facts.cc || facts.cc.resolvedPath) return [];
    const cc = facts.cc.value || 'gcc';
    const ccName = cc.split(/\s+/)[0];
    return [
      finding(this, {
        title: `CGO_ENABLED=1 but the C compiler "${ccName}" is not installed`,
        detail: `CGO_ENABLED=1 is ${describeSource(ev, facts)}, and the C compiler \`go env CC\` names (${cc}) is not on PATH. Builds of packages that use cgo fail with \`cgo: C compiler "${ccName}" not found: exec: "${ccName}": executable file not found in $PATH\`. Install a C compiler, or unset CGO_ENABLED (the go command then turns cgo off when no compiler is found).`,
        evidence: { CGO_ENABLED: envEvidence(facts, ev), CC: cc, ...(envOf(facts, 'CC') ? { CCsource: envOf(facts, 'CC')!.source } : {}) },
        location: envLocation(facts, ev),
        fixes: [...unsetVariableFixes(facts, ev), ccInstallInstructions(facts)],
      }),
    ];
  },
};

const HOST_COMPILERS = new Set(['gcc', 'cc', 'clang', 'gcc.exe', 'cc.exe', 'clang.exe']);

/**
 * A cross C compiler for a Go target by the GNU triplet naming, with the Debian/Ubuntu package that ships it;
 * undefined for targets without a packaged GNU cross compiler (darwin, the BSDs, …), where no name is a safe guess.
 */
function crossCompiler(goos: string, goarch: string): { cc: string; debianPackage: string } | undefined {
  const linux: Record<string, [string, string]> = {
    amd64: ['x86_64-linux-gnu-gcc', 'gcc-x86-64-linux-gnu'],
    arm64: ['aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu'],
    '386': ['i686-linux-gnu-gcc', 'gcc-i686-linux-gnu'],
    arm: ['arm-linux-gnueabihf-gcc', 'gcc-arm-linux-gnueabihf'],
    riscv64: ['riscv64-linux-gnu-gcc', 'gcc-riscv64-linux-gnu'],
    ppc64le: ['powerpc64le-linux-gnu-gcc', 'gcc-powerpc64le-linux-gnu'],
    s390x: ['s390x-linux-gnu-gcc', 'gcc-s390x-linux-gnu'],
  };
  const windows: Record<string, [string, string]> = {
    amd64: ['x86_64-w64-mingw32-gcc', 'gcc-mingw-w64-x86-64'],
    '386': ['i686-w64-mingw32-gcc', 'gcc-mingw-w64-i686'],
  };
  const hit = goos === 'linux' ? linux[goarch] : goos === 'windows' ? windows[goarch] : undefined;
  return hit ? { cc: hit[0], debianPackage: hit[1] } : undefined;
}

export const cgoCrossCompiler: CheckDefinition = {
  id: 'cgo-cross-compiler',
  area: 'build',
  severity: 'warning',
  where: 'all',
  fixKinds: ['instructions'],
  summary: 'Cross-compiling with cgo using the host C compiler',
  help: 'When cross-compiling with CGO_ENABLED=1, CC must be a C compiler for the target (e.g. aarch64-linux-gnu-gcc); the host compiler produces objects for the wrong platform and the link fails.',
  run(facts) {
    const vars = explicitTargetVars(facts);
    if (!vars.length) return [];
    const { goos, goarch } = target(facts);
    const cross = goos !== hostGoos(facts) || goarch !== hostGoarch(facts);
    if (!cross || envValue(facts, 'CGO_ENABLED') !== '1') return [];
    if (facts.distList && !facts.distList.includes(`${goos}/${goarch}`)) return []; // goos-goarch-invalid covers it
    const cc = facts.cc?.value ?? envValue(facts, 'CC') ?? '';
    const ccName = (cc || 'gcc').split(/\s+/)[0].split(/[\\/]/).pop()!;
    if (!HOST_COMPILERS.has(ccName)) return [];
    const tool = crossCompiler(goos, goarch);
    const win = facts.host.platform === 'win32';
    const linuxHost = facts.host.platform === 'linux';
    const commands: { shell: 'sh' | 'powershell'; text: string; elevated?: boolean }[] = [];
    if (tool && linuxHost) commands.push({ shell: 'sh', text: `sudo apt-get install -y ${tool.debianPackage}`, elevated: true });
    if (tool)
      commands.push(
        win
          ? { shell: 'powershell', text: `$env:CC = ${powerShellString(tool.cc)}; go build` }
          : { shell: 'sh', text: `CC=${tool.cc} go build` },
      );
    commands.push(
      win ? { shell: 'powershell', text: "$env:CGO_ENABLED = '0'; go build" } : { shell: 'sh', text: 'CGO_ENABLED=0 go build' },
    );
    return [
      finding(this, {
        title: `cgo cross-compiles for ${goos}/${goarch} with the host compiler ${ccName}`,
        detail: `The target is ${goos}/${goarch} (${vars.map((v) => `${v.name}=${v.value}`).join(', ')}) and CGO_ENABLED=1, but CC is ${cc || 'the default gcc'}, a compiler for this machine. cgo builds fail to link (wrong object format) or produce broken binaries. Install a C cross compiler for the target and name it in CC for those builds${tool ? ` (${tool.cc}${linuxHost ? `, from the ${tool.debianPackage} package on Debian and Ubuntu` : ''})` : ''}, or build without cgo (CGO_ENABLED=0).`,
        evidence: { target: `${goos}/${goarch}`, host: `${hostGoos(facts)}/${hostGoarch(facts)}`, CC: cc || 'gcc', CGO_ENABLED: '1' },
        fixes: [
          instructionsFix(
            'use-cross-compiler',
            `Use a C compiler for ${goos}/${goarch}`,
            [
              tool
                ? `Install ${tool.cc}${linuxHost ? ' (Debian/Ubuntu package shown; needs root)' : ''} and name it in CC for cross builds, or cross-compile without cgo:`
                : `Install a C cross compiler for ${goos}/${goarch} and name it in CC for cross builds, or cross-compile without cgo:`,
            ],
            commands,
          ),
        ],
      }),
    ];
  },
};

export const BUILD_CHECKS: readonly CheckDefinition[] = [goosGoarchInvalid, crossTargetGlobal, cgoNoCompiler, cgoCrossCompiler];
