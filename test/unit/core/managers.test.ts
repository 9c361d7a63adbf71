// Version managers told from a go's paths, and the commands each one's current CLI takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectManager, managerCommands } from '../../../src/core/managers';

void test('each version manager is told from its shim or its installation directory', () => {
  const cases: [Parameters<typeof detectManager>[0], string | undefined][] = [
    [{ path: '/home/dev/.asdf/shims/go' }, 'asdf'],
    [{ path: '/x/go', goroot: '/home/dev/.asdf/installs/golang/1.26.8/go' }, 'asdf'],
    [{ path: '/home/dev/.local/share/mise/shims/go' }, 'mise'],
    [{ path: '/home/dev/.local/share/mise/installs/go/1.26.8/bin/go', goroot: '/home/dev/.local/share/mise/installs/go/1.26.8' }, 'mise'],
    [{ path: '/home/dev/.goenv/shims/go' }, 'goenv'],
    [{ path: '/home/dev/.gvm/gos/go1.26.8/bin/go' }, 'gvm'],
    [{ path: '/home/dev/.sdkman/candidates/go/current/bin/go' }, 'sdkman'],
    [{ path: '/snap/bin/go', realPath: '/usr/bin/snap', goroot: '/snap/go/10900' }, 'snap'],
    [{ path: '/opt/homebrew/bin/go', realPath: '/opt/homebrew/Cellar/go/1.26.8/libexec/bin/go' }, 'homebrew'],
    [{ path: '/home/dev/go/bin/go1.26.8', goroot: '/home/dev/sdk/go1.26.8' }, 'golang-dl'],
    [{ path: '/usr/bin/go', realPath: '/usr/lib/go-1.22/bin/go', goroot: '/usr/lib/go-1.22' }, 'system-package'],
    [{ path: '/usr/local/go/bin/go', goroot: '/usr/local/go' }, 'archive'],
    [{ path: 'C:\\Program Files\\Go\\bin\\go.exe', goroot: 'C:\\Program Files\\Go' }, 'windows-installer'],
  ];
  for (const [paths, want] of cases) assert.equal(detectManager(paths), want, JSON.stringify(paths));
});

void test("each manager's own commands: asdf set (0.16+), mise use, goenv global, gvm use, sdk default, snap channels, brew upgrade", () => {
  const texts = (m: Parameters<typeof managerCommands>[0], scope: 'user' | 'folder' = 'user') =>
    managerCommands(m, '1.26.11', scope, { realPath: '/opt/homebrew/Cellar/go@1.25/1.25.14/bin/go' })?.map((c) => c.text);
  assert.deepEqual(texts('asdf', 'folder'), ['asdf install golang 1.26.11', 'asdf set golang 1.26.11']);
  assert.deepEqual(texts('asdf'), ['asdf install golang 1.26.11', 'asdf set -u golang 1.26.11']);
  assert.deepEqual(texts('mise', 'folder'), ['mise use go@1.26.11']);
  assert.deepEqual(texts('mise'), ['mise use -g go@1.26.11']);
  assert.deepEqual(texts('goenv'), ['goenv install 1.26.11', 'goenv global 1.26.11']);
  assert.deepEqual(texts('gvm'), ['gvm install go1.26.11 -B', 'gvm use go1.26.11 --default']);
  assert.deepEqual(texts('sdkman'), ['sdk install go 1.26.11', 'sdk default go 1.26.11']);
  assert.deepEqual(texts('snap'), ['sudo snap refresh go --channel=1.26/stable']);
  assert.deepEqual(texts('homebrew'), ['brew upgrade go@1.25']);
  assert.equal(managerCommands('archive', '1.26.11', 'user'), undefined);
});
