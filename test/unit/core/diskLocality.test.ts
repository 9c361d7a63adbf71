// Which paths the real host answers synchronously: local disks by the mount table on Linux, all but shares on macOS, none on Windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localityOf, mountOf, parseMountinfo } from '../../../src/core/diskLocality';

// Lines as a WSL2 distro and a desktop with an NFS home and a FUSE mount print them (proc(5) format).
const MOUNTINFO = [
  '22 27 0:21 / /proc rw,relatime - proc proc rw',
  '27 1 8:32 / / rw,relatime - ext4 /dev/sdc rw,discard',
  '60 27 0:52 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\\;uid=1000',
  '61 27 0:53 / /mnt/wsl rw,relatime shared:1 - tmpfs none rw',
  '70 27 0:60 / /home/dev rw,relatime - nfs4 fs:/export/home/dev rw,vers=4.2',
  '71 70 8:33 / /home/dev/local\\040disk rw,relatime - xfs /dev/sdd rw',
  '72 27 0:61 / /media/remote rw,nosuid - fuse.sshfs dev@box:/ rw',
  'garbage line',
  '',
].join('\n');

void test('mountinfo: mount points (with octal escapes) and types; odd lines are skipped', () => {
  const mounts = parseMountinfo(MOUNTINFO);
  assert.deepEqual(
    mounts.map((m) => [m.mountPoint, m.fsType]),
    [
      ['/proc', 'proc'],
      ['/', 'ext4'],
      ['/mnt/c', '9p'],
      ['/mnt/wsl', 'tmpfs'],
      ['/home/dev', 'nfs4'],
      ['/home/dev/local disk', 'xfs'],
      ['/media/remote', 'fuse.sshfs'],
    ],
  );
  assert.equal(mountOf(mounts, '/mnt/cdrom')?.mountPoint, '/', '/mnt/c is not a prefix of /mnt/cdrom');
  assert.equal(mountOf(mounts, '/home/dev/local disk/bin')?.fsType, 'xfs');
});

void test('Linux: ext4 and tmpfs are local; 9p (WSL /mnt/c), NFS and FUSE are not; relative paths never', () => {
  const isLocal = localityOf({ platform: 'linux', readMountinfo: () => MOUNTINFO });
  assert.equal(isLocal('/usr/bin'), true);
  assert.equal(isLocal('/mnt/wsl/x'), true);
  assert.equal(isLocal('/mnt/c/Program Files/Go/bin'), false);
  // Asked in either order, a mount point and its local neighbours in /mnt are told apart.
  assert.equal(isLocal('/mnt/cdrom'), true);
  assert.equal(isLocal('/mnt/c'), false);
  assert.equal(isLocal('/mnt/d'), true);
  assert.equal(isLocal('/home/dev/go/bin'), false);
  assert.equal(isLocal('/home/dev/local disk/go'), true);
  assert.equal(isLocal('/media/remote/bin'), false);
  assert.equal(isLocal('bin'), false);
});

void test('Linux: an unreadable mount table makes nothing local; the table is read again after its time to live', () => {
  assert.equal(localityOf({ platform: 'linux', readMountinfo: () => undefined })('/usr/bin'), false);
  let now = 0;
  let reads = 0;
  let table = '27 1 8:32 / / rw - ext4 /dev/sda rw';
  const isLocal = localityOf({ platform: 'linux', readMountinfo: () => (reads++, table), mountTableTtlMs: 1000, now: () => now });
  assert.equal(isLocal('/srv/share/bin'), true);
  table += '\n80 27 0:70 / /srv/share rw - cifs //nas/share rw';
  now = 500;
  assert.equal(isLocal('/srv/share/bin'), true, 'still the old reading');
  now = 1501;
  assert.equal(isLocal('/srv/share/bin'), false, 'the share mounted meanwhile is seen');
  assert.equal(reads, 2);
});

void test('Windows: nothing is answered synchronously, not even the system drive', () => {
  const isLocal = localityOf({ platform: 'win32' });
  assert.equal(isLocal('C:\\Program Files\\Go\\bin'), false);
  assert.equal(isLocal('\\\\server\\share\\bin'), false);
});

void test('macOS: everything but /Volumes, /net and /Network', () => {
  const isLocal = localityOf({ platform: 'darwin' });
  assert.equal(isLocal('/opt/homebrew/bin'), true);
  assert.equal(isLocal('/Volumes/External/go/bin'), false);
  assert.equal(isLocal('/net/nas/bin'), false);
  assert.equal(isLocal('/Volumesque/bin'), true);
});
