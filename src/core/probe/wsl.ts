// WSL facts from inside a distro: the distro name, the Windows drive automount root (/etc/wsl.conf) and the WSL version it runs as.
import { getEnv, type Host } from '../host';
import type { WslFacts } from '../facts';
import type { ProbeCache } from './cache';
import { parseWslConf } from '../../wsl/wslconf';
import { DEFAULT_AUTOMOUNT_ROOT } from '../../wsl/paths';
import { READ_LIMITS } from './read';

export async function probeWsl(host: Host, cache: ProbeCache): Promise<WslFacts> {
  const [{ content }, kernelRelease] = await Promise.all([
    cache.readFile(host, '/etc/wsl.conf', { maxBytes: READ_LIMITS.wslConfig }),
    readKernelRelease(host),
  ]);
  const distro = getEnv(host, 'WSL_DISTRO_NAME');
  const automountRoot = content === undefined ? DEFAULT_AUTOMOUNT_ROOT : parseWslConf(content).automountRoot;
  const wslVersion = kernelRelease ? wslVersionOfKernel(kernelRelease) : undefined;
  return {
    automountRoot,
    ...(distro ? { distro } : {}),
    ...(kernelRelease ? { kernelRelease } : {}),
    ...(wslVersion ? { wslVersion } : {}),
  };
}

/**
 * The WSL version a kernel release belongs to. WSL 2 runs Microsoft's Linux kernel
 * (`5.15.167.4-microsoft-standard-WSL2`, older `4.19.128-microsoft-standard`); WSL 1 has no Linux kernel
 * and reports `4.4.0-<Windows build>-Microsoft`. A custom WSL 2 kernel may say neither: then unknown.
 */
function wslVersionOfKernel(release: string): 1 | 2 | undefined {
  if (/microsoft-standard|wsl2/i.test(release)) return 2;
  if (/^\d+\.\d+\.\d+-\d+-Microsoft$/.test(release.trim())) return 1;
  return undefined;
}

/** /proc files report size 0, so they are read directly rather than through the stat-validated cache. */
async function readKernelRelease(host: Host): Promise<string | undefined> {
  const text = async (file: string) => {
    const read = await host.fs.readFile(file, READ_LIMITS.procFile).catch(() => undefined);
    return read && 'text' in read ? read.text : undefined;
  };
  const osrelease = (await text('/proc/sys/kernel/osrelease'))?.trim();
  if (osrelease) return osrelease;
  // `Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft …`
  const version = await text('/proc/version');
  return version ? /^Linux version (\S+)/.exec(version)?.[1] : undefined;
}
