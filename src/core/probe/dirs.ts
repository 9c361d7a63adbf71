// Directory facts for caches and the go-install directory: exists, and writable or creatable (nothing is created).
import { pathApi, type Host } from '../host';
import type { DirFact } from '../facts';
import type { ProbeCache } from './cache';

export async function probeDir(host: Host, cache: ProbeCache, dir: string): Promise<DirFact> {
  const p = pathApi(host);
  const st = await cache.stat(host, dir);
  if (st) return { path: dir, exists: st.isDirectory, writable: st.isDirectory && (await host.fs.isWritableDir(dir).catch(() => false)) };
  // Missing: the go command creates it on demand when the nearest existing ancestor is a writable directory.
  for (let d = p.dirname(dir); ; d = p.dirname(d)) {
    const parent = await cache.stat(host, d);
    if (parent) return { path: dir, exists: false, writable: parent.isDirectory && (await host.fs.isWritableDir(d).catch(() => false)) };
    if (p.dirname(d) === d) return { path: dir, exists: false, writable: false };
  }
}
