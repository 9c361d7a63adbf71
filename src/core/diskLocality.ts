// Decides which paths the real host may read synchronously: a local disk answers faster than a thread-pool hop costs; network, 9P and FUSE mounts do not.

/**
 * File systems that live on this machine's own disks or memory. Anything else (nfs, cifs/smb3, 9p — WSL's
 * /mnt/c —, drvfs, fuse.*, sshfs, virtiofs, ceph …) may take milliseconds per call or stop answering, so
 * calls there go through the thread pool, in parallel and without blocking the event loop.
 */
const LOCAL_FS_TYPES = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'bcachefs',
  'zfs',
  'f2fs',
  'jfs',
  'reiserfs',
  'nilfs2',
  'tmpfs',
  'ramfs',
  'overlay',
  'aufs',
  'squashfs',
  'erofs',
  'iso9660',
  'vfat',
  'exfat',
  'ntfs3',
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'securityfs',
  'debugfs',
  'tracefs',
  'mqueue',
  'hugetlbfs',
  'bpf',
  'pstore',
  'configfs',
  'binfmt_misc',
]);

interface Mount {
  mountPoint: string;
  fsType: string;
}

/** Mounts from the text of /proc/self/mountinfo (proc(5)): the fifth field and the type after the ` - ` separator. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 7 || dash < 0 || !fields[dash + 1]) continue;
    // Spaces, tabs, newlines and backslashes in mount points are written as octal escapes (\040 …).
    const mountPoint = fields[4].replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    mounts.push({ mountPoint, fsType: fields[dash + 1] });
  }
  return mounts;
}

/** The mount a path is on: the longest mount point that is the path or one of its parents (later mounts hide earlier ones). */
export function mountOf(mounts: readonly Mount[], file: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const point = m.mountPoint;
    const inside = file === point || point === '/' || file.startsWith(point.endsWith('/') ? point : point + '/');
    if (inside && (!best || point.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

interface LocalityOptions {
  platform: NodeJS.Platform;
  /** Reads /proc/self/mountinfo (Linux); undefined when it cannot be read. */
  readMountinfo?: () => string | undefined;
  /** How long a reading of the mount table is trusted (a share mounted later is seen after this). */
  mountTableTtlMs?: number;
  now?: () => number;
}

/**
 * A predicate telling whether `file` is on a local disk.
 * - Linux: by the mount table, re-read at most every few seconds. A symlink from a local directory into a
 *   network mount is judged by where it is written, not where it leads; such a call is then merely blocking.
 * - Windows: nothing. A file-system call there costs ten times what it does on Linux, PATH commonly holds
 *   thirty directories and PATHEXT doubles every name, so the probes list directories through the thread
 *   pool, in parallel, and the language server stays responsive meanwhile.
 * - macOS: everything except /Volumes, /net and /Network, where removable disks and shares are mounted.
 */
export function localityOf(options: LocalityOptions): (file: string) => boolean {
  if (options.platform === 'win32') return () => false;
  if (options.platform === 'darwin') {
    return (file) => file.startsWith('/') && !/^\/(Volumes|net|Network)(\/|$)/.test(file);
  }
  if (options.platform !== 'linux' || !options.readMountinfo) return () => false;
  const read = options.readMountinfo;
  const ttl = options.mountTableTtlMs ?? 10_000;
  const now = options.now ?? (() => Date.now());
  let table: { mounts: Mount[]; points: Set<string>; allLocal: boolean } | undefined;
  let readAt = -Infinity;
  // A check asks about a few hundred files in a few dozen directories: answers are kept per directory.
  let byDir = new Map<string, boolean>();
  const judge = (file: string): boolean => {
    const mount = mountOf(table!.mounts, file);
    return !!mount && LOCAL_FS_TYPES.has(mount.fsType);
  };
  return (file) => {
    if (!file.startsWith('/')) return false;
    if (!table || now() - readAt > ttl) {
      const text = read();
      const mounts = text === undefined ? [] : parseMountinfo(text);
      table = {
        mounts,
        points: new Set(mounts.map((m) => m.mountPoint)),
        allLocal: mounts.length > 0 && mounts.every((m) => LOCAL_FS_TYPES.has(m.fsType)),
      };
      byDir = new Map();
      readAt = now();
    }
    if (table.allLocal) return true;
    // A mount point is judged by itself; any other path by its directory, which is on the same mount.
    if (table.points.has(file)) return judge(file);
    const dir = file.slice(0, Math.max(1, file.lastIndexOf('/')));
    let local = byDir.get(dir);
    if (local === undefined) byDir.set(dir, (local = judge(file)));
    return local;
  };
}
