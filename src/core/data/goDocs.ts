// What the go command reads (its known environment variables, which of them only one GOARCH uses) and where its documentation explains each variable and directive.
import type { Finding } from '../report';

/** The variables the go command reads (cmd/go's internal/cfg KnownEnv, plus the runtime's and telemetry's). */
export const GO_VARIABLES: ReadonlySet<string> = new Set(
  (
    'AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS CGO_CPPFLAGS_ALLOW CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS ' +
    'CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW CGO_ENABLED CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW ' +
    'CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN GOCACHE GOCACHEPROG GOENV GOEXE ' +
    'GOEXPERIMENT GOFIPS140 GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS ' +
    'GOPATH GOPPC64 GOPRIVATE GOPROXY GORISCV64 GOROOT GOSUMDB GOTMPDIR GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED ' +
    'PKG_CONFIG GODEBUG GOCOVERDIR GOTELEMETRY GOTELEMETRYDIR GOVERSION'
  ).split(' '),
);

/** Variables that only matter when compiling for one architecture (GOARM is nothing to a GOARCH=amd64 build). */
const FOR_GOARCH: Record<string, readonly string[]> = {
  GO386: ['386'],
  GOAMD64: ['amd64'],
  GOARM: ['arm'],
  GOARM64: ['arm64'],
  GOMIPS: ['mips', 'mipsle'],
  GOMIPS64: ['mips64', 'mips64le'],
  GOPPC64: ['ppc64', 'ppc64le'],
  GORISCV64: ['riscv64'],
  GOWASM: ['wasm'],
};

/** Whether a variable is one the go command reads and, when it is tied to an architecture, the target's. */
export function goReadsVariable(name: string, goarch: string | undefined): boolean {
  if (!GO_VARIABLES.has(name)) return false;
  const arches = FOR_GOARCH[name];
  return !arches || !goarch || arches.includes(goarch);
}

const CMD_GO = 'https://pkg.go.dev/cmd/go';
const REF_MOD = 'https://go.dev/ref/mod';

const VARIABLE_DOCS: Record<string, string> = {
  GOTOOLCHAIN: 'https://go.dev/doc/toolchain',
  GOPROXY: `${REF_MOD}#module-proxy`,
  GOSUMDB: `${REF_MOD}#checksum-database`,
  GONOSUMDB: `${REF_MOD}#private-modules`,
  GOPRIVATE: `${REF_MOD}#private-modules`,
  GONOPROXY: `${REF_MOD}#private-modules`,
  GOINSECURE: `${REF_MOD}#environment-variables`,
  GO111MODULE: `${REF_MOD}#mod-commands`,
  GOMODCACHE: `${REF_MOD}#module-cache`,
  GOWORK: `${REF_MOD}#workspaces`,
  GOPATH: `${CMD_GO}#hdr-GOPATH_environment_variable`,
  GOCACHE: `${CMD_GO}#hdr-Build_and_test_caching`,
  GOOS: 'https://go.dev/doc/install/source#environment',
  GOARCH: 'https://go.dev/doc/install/source#environment',
  CGO_ENABLED: 'https://pkg.go.dev/cmd/cgo',
  CC: 'https://pkg.go.dev/cmd/cgo',
  GOENV: `${CMD_GO}#hdr-Print_Go_environment_information`,
};

/** The page of the go command's documentation for a variable. */
export function variableDocUrl(name: string): string {
  return VARIABLE_DOCS[name] ?? `${CMD_GO}#hdr-Environment_variables`;
}

interface DocLink {
  title: string;
  url: string;
}

/** Pages that explain what a check is about, beyond the variables its evidence names. */
const CHECK_DOCS: [RegExp, DocLink[]][] = [
  [
    /^(gomod-go-newer|gomod-go-missing|toolchain-)/,
    [
      { title: 'The go directive in go.mod', url: `${REF_MOD}#go-mod-file-go` },
      { title: 'The toolchain directive', url: `${REF_MOD}#go-mod-file-toolchain` },
      { title: 'Go toolchains and GOTOOLCHAIN', url: 'https://go.dev/doc/toolchain' },
    ],
  ],
  [/^gowork-/, [{ title: 'go.work files', url: `${REF_MOD}#go-work-file` }]],
  [/^replace-path-missing$/, [{ title: 'The replace directive', url: `${REF_MOD}#go-mod-file-replace` }]],
  [/^gosum-missing$/, [{ title: 'go.sum files', url: `${REF_MOD}#go-sum-files` }]],
  [/^vendor-missing$/, [{ title: 'Vendoring', url: `${REF_MOD}#vendoring` }]],
  [/^gomod-invalid$/, [{ title: 'go.mod files', url: `${REF_MOD}#go-mod-file` }]],
  [/^(tool-|gobin-not-on-path|dlv-)/, [{ title: 'go install', url: `${CMD_GO}#hdr-Compile_and_install_packages_and_dependencies` }]],
  [/^go-outdated$/, [{ title: 'Go release policy', url: 'https://go.dev/doc/devel/release#policy' }]],
  [/^cgo-/, [{ title: 'cgo', url: 'https://pkg.go.dev/cmd/cgo' }]],
  [/^env-override-conflict$/, [{ title: 'go env -w and the environment', url: `${CMD_GO}#hdr-Print_Go_environment_information` }]],
];

/** The variables a finding is about: the Go variables its evidence names. */
export function variablesOf(finding: Pick<Finding, 'evidence'>): string[] {
  return Object.keys(finding.evidence).filter((k) => GO_VARIABLES.has(k));
}

/** Documentation for what a finding is about: its check's topics, then each variable its evidence names. */
export function docLinksFor(finding: Pick<Finding, 'id' | 'evidence'>): DocLink[] {
  const out: DocLink[] = [];
  for (const [pattern, links] of CHECK_DOCS) if (pattern.test(finding.id)) out.push(...links);
  for (const v of variablesOf(finding)) out.push({ title: v, url: variableDocUrl(v) });
  const seen = new Set<string>();
  return out.filter((l) => !seen.has(l.url) && (seen.add(l.url), true));
}
