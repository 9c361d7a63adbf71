// The go command's environment variables with one-paragraph docs, for hovers and unknown-variable diagnostics in go.env files.

interface GoEnvVariableDoc {
  name: string;
  doc: string;
  /** Values the go command accepts, when it is a closed set. */
  values?: string[];
}

const docs: [string, string, string[]?][] = [
  ['AR', 'The command to use to manipulate library archives when building with the gccgo compiler.'],
  ['CC', 'The command to use to compile C code (cgo).'],
  ['CGO_CFLAGS', 'Flags that cgo passes to the compiler when compiling C code.'],
  ['CGO_CFLAGS_ALLOW', 'A regular expression of additional flags to allow to appear in #cgo CFLAGS source directives.'],
  ['CGO_CFLAGS_DISALLOW', 'A regular expression of flags that must be disallowed from appearing in #cgo CFLAGS source directives.'],
  ['CGO_CPPFLAGS', 'Flags that cgo passes to the C preprocessor.'],
  ['CGO_CPPFLAGS_ALLOW', 'Like CGO_CFLAGS_ALLOW, for the C preprocessor.'],
  ['CGO_CPPFLAGS_DISALLOW', 'Like CGO_CFLAGS_DISALLOW, for the C preprocessor.'],
  ['CGO_CXXFLAGS', 'Flags that cgo passes to the compiler when compiling C++ code.'],
  ['CGO_CXXFLAGS_ALLOW', 'Like CGO_CFLAGS_ALLOW, for the C++ compiler.'],
  ['CGO_CXXFLAGS_DISALLOW', 'Like CGO_CFLAGS_DISALLOW, for the C++ compiler.'],
  [
    'CGO_ENABLED',
    'Whether the cgo command is supported: 0 or 1. The default is 1 when a C compiler is found for a native build.',
    ['0', '1'],
  ],
  ['CGO_FFLAGS', 'Flags that cgo passes to the Fortran compiler.'],
  ['CGO_FFLAGS_ALLOW', 'Like CGO_CFLAGS_ALLOW, for the Fortran compiler.'],
  ['CGO_FFLAGS_DISALLOW', 'Like CGO_CFLAGS_DISALLOW, for the Fortran compiler.'],
  ['CGO_LDFLAGS', 'Flags that cgo passes to the linker.'],
  ['CGO_LDFLAGS_ALLOW', 'Like CGO_CFLAGS_ALLOW, for the linker.'],
  ['CGO_LDFLAGS_DISALLOW', 'Like CGO_CFLAGS_DISALLOW, for the linker.'],
  ['CXX', 'The command to use to compile C++ code.'],
  ['FC', 'The command to use to compile Fortran code.'],
  ['GCCGO', 'The gccgo command to run for `go build -compiler=gccgo`.'],
  [
    'GO111MODULE',
    'Whether the go command runs in module-aware mode (on, off, auto). Unset or `on` is the norm; `off` ignores go.mod files.',
    ['on', 'off', 'auto'],
  ],
  ['GO386', 'For GOARCH=386, how to implement floating point instructions: sse2 or softfloat.', ['sse2', 'softfloat']],
  ['GOAMD64', 'For GOARCH=amd64, the microarchitecture level to compile for: v1, v2, v3 or v4.', ['v1', 'v2', 'v3', 'v4']],
  [
    'GOARCH',
    'The architecture, or processor, for which to compile code (amd64, arm64, 386, …). Setting it globally makes `go run` and `go test` build binaries this machine may not run.',
  ],
  ['GOARM', 'For GOARCH=arm, the ARM architecture for which to compile: 5, 6 or 7, optionally with ,softfloat or ,hardfloat.'],
  ['GOARM64', 'For GOARCH=arm64, the ARM64 architecture level (v8.0 … v9.5), optionally with ,lse and ,crypto.'],
  [
    'GOAUTH',
    'How the go command authenticates to module servers for go-import and HTTPS module mirror interactions (off, netrc, git dir, or a command).',
  ],
  ['GOBIN', 'The directory where `go install` installs a command. When unset, GOPATH/bin (the first GOPATH entry).'],
  [
    'GOCACHE',
    'The directory where the go command stores cached information for reuse in future builds. `off` is no longer supported: builds fail.',
  ],
  ['GOCACHEPROG', 'A command implementing an external build cache (the go command talks to it over stdin/stdout).'],
  ['GOCOVERDIR', 'The directory into which binaries built with -cover write coverage data.'],
  ['GODEBUG', 'Enables debugging facilities and compatibility settings, as comma-separated name=value pairs.'],
  [
    'GOENV',
    'The location of the go environment configuration file written by `go env -w`. Cannot be set with `go env -w`; `off` disables the file.',
  ],
  ['GOEXE', 'The executable file name suffix (".exe" on Windows). Read-only: computed by the go command.'],
  ['GOEXPERIMENT', 'Comma-separated list of toolchain experiments to enable or disable.'],
  ['GOFIPS140', 'The FIPS 140-3 Go Cryptographic Module version to use: off, latest, inprocess, certified, or a version.'],
  [
    'GOFLAGS',
    'Space-separated -flag=value settings applied to go commands by default, when the flag is known to the current command. A non-flag entry makes every go command fail.',
  ],
  ['GOGCCFLAGS', 'Flags the go command passes to the C compiler. Read-only: computed.'],
  ['GOHOSTARCH', 'The architecture of the Go toolchain binaries. Read-only: computed.'],
  ['GOHOSTOS', 'The operating system of the Go toolchain binaries. Read-only: computed.'],
  [
    'GOINSECURE',
    'Comma-separated glob patterns of module path prefixes that may be fetched insecurely (plain HTTP, unverified HTTPS). Only for private, trusted networks.',
  ],
  ['GOMIPS', 'For GOARCH=mips{,le}, whether to use floating point instructions: hardfloat or softfloat.', ['hardfloat', 'softfloat']],
  ['GOMIPS64', 'For GOARCH=mips64{,le}, whether to use floating point instructions: hardfloat or softfloat.', ['hardfloat', 'softfloat']],
  ['GOMODCACHE', 'The directory where the go command stores downloaded modules. Defaults to GOPATH/pkg/mod.'],
  [
    'GONOPROXY',
    'Comma-separated glob patterns of module path prefixes that are fetched directly, not through GOPROXY. Defaults to GOPRIVATE.',
  ],
  [
    'GONOSUMDB',
    'Comma-separated glob patterns of module path prefixes whose checksums are not verified against the checksum database. Defaults to GOPRIVATE.',
  ],
  [
    'GOOS',
    'The operating system for which to compile code (linux, darwin, windows, …). Setting it globally makes `go run` and `go test` build binaries this machine may not run.',
  ],
  [
    'GOPATH',
    'The Go workspace: the list of directories holding the module cache (pkg/mod) and installed commands (bin). Entries must be absolute.',
  ],
  ['GOPPC64', 'For GOARCH=ppc64{,le}, the target ISA: power8, power9 or power10.', ['power8', 'power9', 'power10']],
  [
    'GOPRIVATE',
    'Comma-separated glob patterns of module path prefixes that are private: fetched directly and not checked against the checksum database.',
  ],
  [
    'GOPROXY',
    'The module proxies to use, as a list separated by `,` (fall back on 404/410) or `|` (fall back on any error). `direct` fetches from version control, `off` disallows downloads. Default https://proxy.golang.org,direct.',
  ],
  [
    'GORISCV64',
    'For GOARCH=riscv64, the RISC-V user-mode application profile: rva20u64, rva22u64 or rva23u64.',
    ['rva20u64', 'rva22u64', 'rva23u64'],
  ],
  [
    'GOROOT',
    'The root of the Go installation. Normally unset: the go command finds its own installation. A GOROOT pointing at another installation breaks builds with "version does not match go tool version".',
  ],
  ['GOSUMDB', 'The checksum database to use and optionally its public key and URL. `off` disables checksum verification for every module.'],
  ['GOTELEMETRY', 'The Go telemetry mode: off, local or on. Set with `go telemetry`, not `go env -w`.', ['off', 'local', 'on']],
  ['GOTELEMETRYDIR', 'The directory Go telemetry data is written to. Read-only.'],
  ['GOTMPDIR', 'The directory where the go command writes temporary source files, packages and binaries.'],
  [
    'GOTOOLCHAIN',
    'Which Go toolchain to use: `local`, `auto` (the default: local unless go.mod asks for newer), `path`, a name like go1.22.3, or name+auto / name+path.',
  ],
  ['GOTOOLDIR', 'The directory where the go tools (compile, cover, doc, …) are installed. Read-only: computed.'],
  ['GOVCS', 'Which version control commands may be used with which module paths, e.g. `github.com:git,private:all`.'],
  ['GOVERSION', 'The version of the installed Go tree, as reported by runtime.Version. Read-only.'],
  ['GOWASM', 'For GOARCH=wasm, comma-separated experimental WebAssembly features to use: satconv, signext.'],
  ['GOWORK', 'The go.work file to use; `off` disables workspace mode. Normally found by searching upward from the current directory.'],
  ['GO_EXTLINK_ENABLED', 'Whether the linker should use external linking mode with -linkmode=auto and cgo: 0 or 1.', ['0', '1']],
  ['PKG_CONFIG', 'Path to pkg-config.'],
];

export const GO_ENV_VARIABLES: ReadonlyMap<string, GoEnvVariableDoc> = new Map(
  docs.map(([name, doc, values]) => [name, { name, doc, ...(values ? { values } : {}) }]),
);

/** Variables the go command computes itself: writing them to a go env file has no effect. */
export const READ_ONLY_GO_ENV = new Set([
  'GOEXE',
  'GOGCCFLAGS',
  'GOHOSTARCH',
  'GOHOSTOS',
  'GOTOOLDIR',
  'GOVERSION',
  'GOTELEMETRYDIR',
  'GOENV',
]);
