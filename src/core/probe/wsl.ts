// WSL facts from inside a distro: the distro name and the Windows drive automount root (/etc/wsl.conf).
import { getEnv, type Host } from '../host';
import type { WslFacts } from '../facts';
import type { ProbeCache } from './cache';
import { parseWslConf } from '../../wsl/wslconf';
import { DEFAULT_AUTOMOUNT_ROOT } from '../../wsl/paths';

export async function probeWsl(host: Host, cache: ProbeCache): Promise<WslFacts> {
  const { content } = await cache.readFile(host, '/etc/wsl.conf');
  const distro = getEnv(host, 'WSL_DISTRO_NAME');
  const automountRoot = content === undefined ? DEFAULT_AUTOMOUNT_ROOT : parseWslConf(content).automountRoot;
  return { automountRoot, ...(distro ? { distro } : {}) };
}
