// The newest Go release this version of Go Health knows about, for judging how outdated the active Go is.

/**
 * Newest released Go minor, as of the date below. Go supports the two newest minors; anything two or
 * more minors behind this no longer gets security fixes. Update with each Go release.
 */
export const NEWEST_GO_RELEASE = {
  /** Language version of the newest minor release. */
  version: '1.27',
  /** When that minor was released (Go ships a minor every February and August). */
  released: '2026-08',
  /** When this table was last checked. */
  checked: '2026-11-22',
} as const;
