// Finds the team policy of each workspace folder (the nearest .gohealth.json up to the repository root) and reads its rules.
import { pathApi, type Host } from '../host';
import { READ_LIMITS } from './read';
import { KEY_ENV_NAMES } from './goEnv';
import { TOOL_NAMES } from '../data/tools';
import { POLICY_FILE_NAME, type PolicyFile } from '../policy/model';
import { parsePolicy, type PolicyVocabulary } from '../policy/parse';
import type { ProbeCache } from './cache';
import { folderAndParents } from './repo';

/** The names a policy may use: the Go variables the probes read, and the tools they look for. */
export const POLICY_VOCABULARY: PolicyVocabulary = { variables: KEY_ENV_NAMES, tools: TOOL_NAMES };

/** Largest policy read: a policy is a few dozen lines; anything far bigger is not one. */
const MAX_POLICY_BYTES = 256 * 1024;

/** One PolicyFile per distinct policy, each with the folders it governs. Reading a policy never runs anything. */
export async function probePolicies(host: Host, cache: ProbeCache, folders: readonly string[]): Promise<PolicyFile[]> {
  const p = pathApi(host);
  const nearest = await Promise.all(
    folders.map(async (folder) => {
      const dirs = await folderAndParents(host, cache, folder);
      const candidates = dirs.map((d) => p.join(d, POLICY_FILE_NAME));
      const stats = await Promise.all(candidates.map((c) => cache.stat(host, c)));
      const i = stats.findIndex((st) => st?.isFile);
      return i < 0 ? undefined : { folder: p.resolve(folder), file: candidates[i], size: stats[i]!.size };
    }),
  );
  const byFile = new Map<string, PolicyFile>();
  for (const n of nearest) {
    if (!n) continue;
    const known = byFile.get(n.file);
    if (known) {
      known.folders.push(n.folder);
      continue;
    }
    const policy: PolicyFile = { file: n.file, folders: [n.folder], rules: [], problems: [] };
    byFile.set(n.file, policy);
    if (n.size > MAX_POLICY_BYTES) {
      policy.readError = `it is ${n.size} bytes, too large for a policy (at most ${MAX_POLICY_BYTES})`;
      continue;
    }
    const { content } = await cache.readFile(host, n.file, { maxBytes: READ_LIMITS.jsonConfig });
    if (content === undefined) {
      policy.readError = 'the file cannot be read';
      continue;
    }
    const parsed = cache.derive('parse-policy', n.file, content, () => parsePolicy(content, POLICY_VOCABULARY));
    policy.rules = parsed.rules.map((r) => ({ ...r }));
    policy.problems = parsed.problems.map((x) => ({ ...x }));
  }
  return [...byFile.values()];
}
