// What the check could not look at: files refused by the bounded reader and parts of the workspace the walk did not reach, said rather than skipped silently.
import type { CheckDefinition } from './types';
import { finding } from './types';

/** How many of the parts are named in the detail; the evidence lists them all. */
const NAMED_IN_DETAIL = 3;

export const filesNotRead: CheckDefinition = {
  id: 'files-not-read',
  area: 'consistency',
  severity: 'warning',
  where: 'all',
  summary: 'Some files or folders were not read, so the check is incomplete there',
  fixKinds: [],
  help:
    'Go Health reads only regular files, each up to a size far above any real file of its kind, and never follows a ' +
    'link from the workspace to a file outside it (so a go.mod linked to a secret cannot put the secret in a report). ' +
    'It also stops searching for modules below a depth and after a number of folders. What it did not read is listed ' +
    'here: replace the file with a regular one inside the workspace, make it smaller, or open a smaller folder.',
  run(facts) {
    const parts = facts.unread ?? [];
    if (!parts.length) return [];
    const named = parts.slice(0, NAMED_IN_DETAIL).map((u) => u.reason);
    const more = parts.length - named.length;
    return [
      finding(this, {
        title: parts.length === 1 ? 'A file or folder was not read' : `${parts.length} files or folders were not read`,
        detail: `${named.join('; ')}${more > 0 ? `; and ${more} more (see the evidence)` : ''}. Findings that depend on them are missing.`,
        evidence: { unread: parts },
      }),
    ];
  },
};

export const COVERAGE_CHECKS: readonly CheckDefinition[] = [filesNotRead];
