// Go version pins: a pin too old for the modules it covers, pins that disagree, a version-manager pin this shell does not follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GoVersionPin } from '../../../src/core/declared';
import { MOD_DIR, findingsOf, fixOf, healthyFacts, moduleFile, one, quiet } from '../support/factsBuilder';

function pin(file: string, raw: string, extra: Partial<GoVersionPin> = {}): GoVersionPin {
  const name = file.replace(/^.*\//, '');
  const kind: GoVersionPin['kind'] =
    name === '.tool-versions'
      ? 'tool-versions'
      : name.endsWith('mise.toml')
        ? 'mise'
        : name === '.go-version'
          ? 'go-version'
          : 'devcontainer-image';
  const manager = kind === 'tool-versions' ? 'asdf or mise' : kind === 'mise' ? 'mise' : kind === 'go-version' ? 'goenv' : undefined;
  const version = /\d+\.\d+(\.\d+)?/.exec(raw)?.[0];
  return {
    file,
    kind,
    dir: file.replace(/\/(\.devcontainer\/)?[^/]+$/, ''),
    line: 1,
    column: 8,
    endColumn: 8 + raw.length,
    raw,
    ...(version ? { version } : {}),
    ...(manager ? { manager } : {}),
    ...extra,
  };
}

void test('go-pin-too-old: the nearest pin of each kind for a module, reported once with the module that needs the most', () => {
  const f = healthyFacts();
  f.modules = [moduleFile(MOD_DIR, '1.22'), moduleFile(`${MOD_DIR}/svc`, '1.24'), moduleFile(`${MOD_DIR}/tools`, '1.23')];
  f.pins = [
    pin(`${MOD_DIR}/.tool-versions`, '1.22.5'),
    // svc has its own pin, new enough: the root one only covers app and tools.
    pin(`${MOD_DIR}/svc/.go-version`, '1.24'),
    pin(`${MOD_DIR}/.devcontainer/devcontainer.json`, 'golang:1.21-bookworm', { column: 13, endColumn: 33 }),
  ];
  f.workspaceFolders = [MOD_DIR];
  const found = findingsOf(f, 'go-pin-too-old');
  assert.deepEqual(
    found.map((x) => [x.location?.file, x.evidence.moduleGo]),
    [
      [`${MOD_DIR}/.devcontainer/devcontainer.json`, '1.24'],
      [`${MOD_DIR}/.tool-versions`, '1.23'],
    ],
  );
  // A minor-only pin is raised to a minor (an image keeps its variant); an exact one to the release the go line means.
  assert.equal(fixOf(found[0], 'edit-file').edits[0].newText, 'golang:1.24-bookworm');
  assert.equal(fixOf(found[1], 'edit-file').edits[0].newText, '1.23.0');
  assert.match(found[1].detail, /go: go.mod requires go >= 1.23 \(running go 1.22.5; GOTOOLCHAIN=local\)/);
  f.pins = [pin(`${MOD_DIR}/.tool-versions`, '1.24.1'), pin(`${MOD_DIR}/mise.toml`, 'latest')];
  quiet(f, 'go-pin-too-old');
});

void test('go-pins-disagree: older pins against the newest, minor-only pins agree with any release of their minor', () => {
  const f = healthyFacts();
  const wf = `${MOD_DIR}/.github/workflows/ci.yml`;
  f.pins = [pin(`${MOD_DIR}/.tool-versions`, '1.26.8'), pin(`${MOD_DIR}/.devcontainer.json`, 'golang:1.26')];
  f.ci = [
    { file: wf, kind: 'github-actions', line: 10, column: 24, endColumn: 28, raw: '1.25', version: '1.25' },
    // A matrix tests several releases on purpose: not a pin to agree with.
    { file: wf, kind: 'github-actions', line: 20, column: 24, endColumn: 41, raw: '${{ matrix.go }}', version: '1.22' },
    { file: `${MOD_DIR}/Dockerfile`, kind: 'dockerfile', line: 1, column: 6, endColumn: 20, raw: 'golang:1.26.3', version: '1.26.3' },
  ];
  f.modules = [moduleFile(MOD_DIR, '1.22', { toolchain: { value: 'go1.26.8', line: 4, column: 11, endColumn: 19 } })];
  const found = findingsOf(f, 'go-pins-disagree');
  assert.deepEqual(
    found.map((x) => [x.location?.file, x.location?.line, x.fixes.map((fx) => (fx.kind === 'edit-file' ? fx.edits[0].newText : fx.kind))]),
    [
      [wf, 10, ['1.26']],
      [`${MOD_DIR}/Dockerfile`, 1, ['golang:1.26.8']],
    ],
  );
  assert.match(found[0].title, /setup-go pins Go 1.25, but \.tool-versions pins 1.26.8/);
  f.ci = [];
  f.pins = [pin(`${MOD_DIR}/.tool-versions`, '1.26.8'), pin(`${MOD_DIR}/.devcontainer.json`, 'golang:1.26')];
  quiet(f, 'go-pins-disagree');
});

void test('go-pin-not-active: the pin governing the workspace folder names another Go than the one running', () => {
  const f = healthyFacts();
  f.pins = [pin('/work/.tool-versions', '1.25.0'), pin(`${MOD_DIR}/deep/.go-version`, '1.24.0')];
  const x = one(f, 'go-pin-not-active');
  assert.equal(x.location?.file, '/work/.tool-versions');
  assert.match(x.title, /This shell runs go1.26.8, but \.tool-versions says 1.25.0: the version manager is not active here/);
  const steps = fixOf(x, 'instructions').commands!.map((c) => c.text);
  assert.deepEqual(steps.slice(0, 2), ['asdf install golang 1.25.0', 'export PATH="${ASDF_DATA_DIR:-$HOME/.asdf}/shims:$PATH"']);
  assert.equal(fixOf(x, 'edit-file').edits[0].newText, '1.26.8');
  // The folder's own pin is nearer; a minor-only pin matches any release of its minor.
  f.pins.push(pin(`${MOD_DIR}/.go-version`, '1.26'));
  quiet(f, 'go-pin-not-active');
  f.pins = [pin(`${MOD_DIR}/mise.toml`, '1.25')];
  assert.match(fixOf(one(f, 'go-pin-not-active'), 'instructions').commands![1].text, /mise activate/);
  f.pins = [pin(`${MOD_DIR}/.devcontainer/devcontainer.json`, 'golang:1.20')];
  quiet(f, 'go-pin-not-active');
});
