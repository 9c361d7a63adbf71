// WSL facts from inside a distro: the distro name and the Windows drive automount root (/etc/wsl.conf).
import { getEnv, type Host } from '../host';
import type { WslFacts } from '../facts';
import type { ProbeCache } from './cache';

/** `[automount] root = …` from wsl.conf text, always with a trailing slash; `/mnt/` when unset. */
export function automountRootFromWslConf(text: string | undefined): string {
  let section = '';
  let root: string | undefined;
  for (const rawLine of (text ?? '').split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      continue;
    }
    const kv = /^([^=]+)=(.*)$/.exec(line);
    if (section === 'automount' && kv && kv[1].trim().toLowerCase() === 'root') {
      root = kv[2].trim().replace(/^"(.*)"$/, '$1');
    }
  }
  if (!root) return '/mnt/';
  return root.endsWith('/') ? root : root + '/';
}

export async function probeWsl(host: Host, cache: ProbeCache): Promise<WslFacts> {
  const { content } = await cache.readFile(host, '/etc/wsl.conf');
  const distro = getEnv(host, 'WSL_DISTRO_NAME');
  return { automountRoot: automountRootFromWslConf(content), ...(distro ? { distro } : {}) };
}
