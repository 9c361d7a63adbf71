// Go's releases as far as this version of Go Health knows them: the fallback when the module proxy's list is out of reach.

/** One Go minor: its final (or latest known) patch number, its pre-releases and when its first release came out. */
export interface BuiltinMinor {
  /** Language version, `1.26`. */
  minor: string;
  /**
   * The highest patch number released: since Go 1.21 the releases are 1.N.0 … 1.N.<patches>; before, the first
   * release was named 1.N (no .0) and then 1.N.1 … 1.N.<patches>. Go never skips a patch number.
   */
  patches: number;
  /** Pre-releases published for the minor (alpha, beta, rc), as named: rc1 rc2 … */
  pre: readonly string[];
  /** Year and month of the minor's first release. */
  released: string;
}

/**
 * Every Go minor release up to the date below, read from the golang.org/dl wrappers (one per release) and the
 * Go module proxy's list of golang.org/toolchain. Update with each Go release. Minors two or more behind the
 * newest get no more patches, so their entries are final; the two newest may have gained patches since.
 */
export const BUILTIN_RELEASES: { checked: string; minors: readonly BuiltinMinor[] } = {
  checked: '2026-11-25',
  minors: [
    { minor: '1.0', patches: 3, pre: [], released: '2012-03' },
    { minor: '1.1', patches: 2, pre: [], released: '2013-05' },
    { minor: '1.2', patches: 2, pre: [], released: '2013-12' },
    { minor: '1.3', patches: 3, pre: [], released: '2014-06' },
    { minor: '1.4', patches: 3, pre: [], released: '2014-12' },
    { minor: '1.5', patches: 4, pre: [], released: '2015-08' },
    { minor: '1.6', patches: 4, pre: [], released: '2016-02' },
    { minor: '1.7', patches: 6, pre: [], released: '2016-08' },
    { minor: '1.8', patches: 7, pre: ['beta1', 'beta2', 'rc1', 'rc2', 'rc3'], released: '2017-02' },
    { minor: '1.9', patches: 7, pre: ['beta1', 'beta2', 'rc1', 'rc2'], released: '2017-08' },
    { minor: '1.10', patches: 8, pre: ['beta1', 'beta2', 'rc1', 'rc2'], released: '2018-02' },
    { minor: '1.11', patches: 13, pre: ['beta1', 'beta2', 'beta3', 'rc1', 'rc2'], released: '2018-08' },
    { minor: '1.12', patches: 17, pre: ['beta1', 'beta2', 'rc1'], released: '2019-02' },
    { minor: '1.13', patches: 15, pre: ['beta1', 'rc1', 'rc2'], released: '2019-09' },
    { minor: '1.14', patches: 15, pre: ['beta1', 'rc1'], released: '2020-02' },
    { minor: '1.15', patches: 15, pre: ['beta1', 'rc1', 'rc2'], released: '2020-08' },
    { minor: '1.16', patches: 15, pre: ['beta1', 'rc1'], released: '2021-02' },
    { minor: '1.17', patches: 13, pre: ['beta1', 'rc1', 'rc2'], released: '2021-08' },
    { minor: '1.18', patches: 10, pre: ['beta1', 'beta2', 'rc1'], released: '2022-03' },
    { minor: '1.19', patches: 13, pre: ['beta1', 'rc1', 'rc2'], released: '2022-08' },
    { minor: '1.20', patches: 14, pre: ['rc1', 'rc2', 'rc3'], released: '2023-02' },
    { minor: '1.21', patches: 13, pre: ['rc1', 'rc2', 'rc3', 'rc4'], released: '2023-08' },
    { minor: '1.22', patches: 12, pre: ['rc1', 'rc2'], released: '2024-02' },
    { minor: '1.23', patches: 12, pre: ['rc1', 'rc2'], released: '2024-08' },
    { minor: '1.24', patches: 13, pre: ['rc1', 'rc2', 'rc3'], released: '2025-02' },
    { minor: '1.25', patches: 14, pre: ['rc1', 'rc2', 'rc3'], released: '2025-08' },
    { minor: '1.26', patches: 11, pre: ['rc1', 'rc2', 'rc3'], released: '2026-02' },
    { minor: '1.27', patches: 4, pre: ['rc1', 'rc2', 'rc3'], released: '2026-08' },
  ],
};

/** Every release the built-in table names, as go versions without the `go` prefix (1.26.8, 1.27rc1, 1.20). */
export function builtinReleaseVersions(): string[] {
  const out: string[] = [];
  for (const m of BUILTIN_RELEASES.minors) {
    for (const p of m.pre) out.push(`${m.minor}${p}`);
    const [, minor] = m.minor.split('.').map(Number);
    const dotZero = minor >= 21;
    out.push(dotZero ? `${m.minor}.0` : m.minor);
    for (let i = 1; i <= m.patches; i++) out.push(`${m.minor}.${i}`);
  }
  return out;
}
