// The directories a workspace folder answers to: the folder and each parent up to its repository root (the nearest .git).
import { pathApi, type Host } from '../host';
import type { ProbeCache } from './cache';

/**
 * The folder, then each parent up to and including the repository root (the nearest directory with a `.git`
 * file or directory). Outside a repository only the folder itself: files above it belong to nobody's project.
 */
export async function folderAndParents(host: Host, cache: ProbeCache, folder: string): Promise<string[]> {
  const p = pathApi(host);
  const chain: string[] = [];
  for (let d = p.resolve(folder); ;) {
    chain.push(d);
    const parent = p.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const gits = await Promise.all(chain.map((d) => cache.stat(host, p.join(d, '.git'))));
  const root = gits.findIndex((st) => !!st);
  return root < 0 ? chain.slice(0, 1) : chain.slice(0, root + 1);
}
