// Which Go variables each value check judges, and which checks judge values alone (so they judge any environment, not just this machine's).

/** The variables a check's findings are about: where a go.env line or a CI line is to blame for one. */
export const CHECK_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  'goproxy-off': ['GOPROXY'],
  'goproxy-insecure': ['GOPROXY'],
  'goproxy-invalid': ['GOPROXY'],
  'gosumdb-off': ['GOSUMDB', 'GONOSUMDB', 'GOPRIVATE'],
  'goinsecure-set': ['GOINSECURE'],
  'goflags-invalid': ['GOFLAGS'],
  'goflags-unknown': ['GOFLAGS'],
  'gocache-off': ['GOCACHE'],
  'cache-unwritable': ['GOCACHE', 'GOMODCACHE', 'GOBIN', 'GOPATH'],
  'cache-on-slow-fs': ['GOCACHE', 'GOMODCACHE', 'GOPATH'],
  'goos-goarch-invalid': ['GOOS', 'GOARCH'],
  'cross-target-global': ['GOOS', 'GOARCH'],
  'cgo-no-compiler': ['CGO_ENABLED', 'CC'],
  'cgo-cross-compiler': ['CC', 'CGO_ENABLED'],
  'gotoolchain-invalid': ['GOTOOLCHAIN'],
  'gomodule-off': ['GO111MODULE'],
  'vendor-missing': ['GOFLAGS'],
  'goroot-mismatch': ['GOROOT'],
  'goroot-invalid': ['GOROOT'],
  'gopath-is-goroot': ['GOPATH', 'GOROOT'],
  'gopath-invalid': ['GOPATH'],
};

/**
 * The checks whose verdict depends on variable values (and the workspace's modules) only, not on this machine's
 * directories, compilers or OS. They also judge the environments files declare for other machines (CI jobs,
 * containers) and the values a team policy asks for, with the same ids.
 */
export const VALUE_CHECK_IDS: ReadonlySet<string> = new Set([
  'goproxy-off',
  'goproxy-insecure',
  'goproxy-invalid',
  'gosumdb-off',
  'goinsecure-set',
  'goflags-invalid',
  'goflags-unknown',
  'gocache-off',
  'gotoolchain-invalid',
  'gomodule-off',
  'vendor-missing',
]);
