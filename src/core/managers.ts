// Which tool manages a Go installation (asdf, mise, goenv, gvm, SDKMAN, snap, Homebrew, …), told from its paths, and that tool's own commands.

/** The tools that install and switch Go versions, and the plain ways of installing Go. */
export type GoManager =
  | 'asdf'
  | 'mise'
  | 'goenv'
  | 'gvm'
  | 'sdkman'
  | 'snap'
  | 'homebrew'
  | 'scoop'
  | 'golang-dl'
  | 'go-toolchain'
  | 'system-package'
  | 'archive'
  | 'windows-installer';

export const MANAGER_NAMES: Record<GoManager, string> = {
  asdf: 'asdf',
  mise: 'mise',
  goenv: 'goenv',
  gvm: 'gvm',
  sdkman: 'SDKMAN',
  snap: 'snap',
  homebrew: 'Homebrew',
  scoop: 'Scoop',
  'golang-dl': 'a golang.org/dl wrapper',
  'go-toolchain': "the go command's toolchain download",
  'system-package': "the distribution's package manager",
  archive: 'the official archive',
  'windows-installer': 'the Windows installer (MSI or winget)',
};

/** True for the version managers whose own command should install and select versions (not a tarball over them). */
export function isVersionManager(m: GoManager | undefined): boolean {
  return m !== undefined && !['archive', 'windows-installer', 'system-package', 'go-toolchain'].includes(m);
}

/**
 * Tells the manager from the paths of a go: the name on PATH (a shim), the real binary and its GOROOT. A shim
 * (~/.asdf/shims/go) and the installation it runs (~/.asdf/installs/golang/1.26.8/go) are one installation.
 */
export function detectManager(paths: { path: string; realPath?: string; goroot?: string }): GoManager | undefined {
  const all = [paths.path, paths.realPath ?? '', paths.goroot ?? ''].map((p) => p.replace(/\\/g, '/'));
  const any = (re: RegExp) => all.some((p) => re.test(p));
  if (any(/\/\.asdf\/(shims|installs\/golang)\//) || any(/\/asdf\/(shims|installs\/golang)\//)) return 'asdf';
  if (any(/\/mise\/(shims|installs\/go)\//)) return 'mise';
  if (any(/\/\.goenv\/(shims|versions)\//)) return 'goenv';
  if (any(/\/\.gvm\/gos\//)) return 'gvm';
  if (any(/\/\.sdkman\/candidates\/go\//)) return 'sdkman';
  if (any(/^\/snap\/(bin\/go$|go\/)/)) return 'snap';
  if (any(/\/Cellar\/go(@[\d.]+)?\//) || any(/^\/(opt\/homebrew|home\/linuxbrew\/\.linuxbrew)\//)) return 'homebrew';
  if (any(/\/scoop\/(apps|shims)\//i)) return 'scoop';
  if (any(/\/golang\.org\/toolchain@v0\.0\.1-go/)) return 'go-toolchain';
  if (any(/\/sdk\/go1[^/]*\/bin\/go(\.exe)?$/) || any(/\/go\/bin\/go1\.\d+[^/]*$/)) return 'golang-dl';
  const root = (paths.goroot ?? '').replace(/\\/g, '/');
  if (/^\/usr\/(lib|share)\/(go|golang)/.test(root) || root === '/usr') return 'system-package';
  if (/^[A-Za-z]:\/Program Files( \(x86\))?\/Go\/?$/i.test(root)) return 'windows-installer';
  if (/\/go\/?$/.test(root)) return 'archive';
  return undefined;
}

/** The Homebrew formula a go belongs to: `go`, or a versioned one such as `go@1.25`. */
export function homebrewFormula(paths: { realPath?: string; goroot?: string }): string {
  const m = /\/Cellar\/(go(?:@[\d.]+)?)\//.exec(`${paths.realPath ?? ''} ${paths.goroot ?? ''}`.replace(/\\/g, '/'));
  return m?.[1] ?? 'go';
}

/**
 * The manager's own commands that install Go `version` (1.26.11) and make it the one that runs: `scope` user for
 * the user's default, folder for one module (run in its directory). Undefined for managers without such a command.
 */
export function managerCommands(
  manager: GoManager,
  version: string,
  scope: 'user' | 'folder',
  paths: { realPath?: string; goroot?: string } = {},
): { text: string; elevated?: boolean }[] | undefined {
  const minor = version.split('.').slice(0, 2).join('.');
  switch (manager) {
    case 'asdf':
      // asdf 0.16 replaced `asdf global/local` with `asdf set` (-u: the home directory's .tool-versions).
      return [
        { text: `asdf install golang ${version}` },
        { text: scope === 'user' ? `asdf set -u golang ${version}` : `asdf set golang ${version}` },
      ];
    case 'mise':
      return [{ text: scope === 'user' ? `mise use -g go@${version}` : `mise use go@${version}` }];
    case 'goenv':
      return [{ text: `goenv install ${version}` }, { text: scope === 'user' ? `goenv global ${version}` : `goenv local ${version}` }];
    case 'gvm':
      // -B installs the released binary instead of building from source.
      return [{ text: `gvm install go${version} -B` }, { text: `gvm use go${version}${scope === 'user' ? ' --default' : ''}` }];
    case 'sdkman':
      return [{ text: `sdk install go ${version}` }, { text: scope === 'user' ? `sdk default go ${version}` : `sdk use go ${version}` }];
    case 'snap':
      // A snap channel follows a minor's newest patch; a patch cannot be chosen.
      return [{ text: `sudo snap refresh go --channel=${minor}/stable`, elevated: true }];
    case 'homebrew': {
      const formula = homebrewFormula(paths);
      return [{ text: `brew upgrade ${formula}` }];
    }
    case 'scoop':
      return [{ text: 'scoop update go' }];
    default:
      return undefined;
  }
}
