// The layer order of src/ as an ESLint rule: a module may import only from its own layer and the layers below it.
import path from 'node:path';

/**
 * Each layer of src/ and the layers it may import from (its own always). This is the order the README and
 * docs/architecture.md describe; the faces (debug, server, cli, extension) never import one another, except
 * that the VS Code face drives the debug adapter in-process.
 */
export const LAYERS = {
  platform: [],
  wsl: ['platform'],
  core: ['platform', 'wsl'],
  shared: ['platform', 'wsl', 'core'],
  debug: ['platform', 'wsl', 'core', 'shared'],
  server: ['platform', 'wsl', 'core', 'shared'],
  cli: ['platform', 'wsl', 'core', 'shared'],
  extension: ['platform', 'wsl', 'core', 'shared', 'debug'],
};

/** Only the VS Code face may import the `vscode` module: everything else runs in plain Node. */
const VSCODE_LAYERS = new Set(['extension']);

/** The layer of a file under src/, or undefined outside it. */
function layerOf(file) {
  const parts = path.normalize(file).split(path.sep);
  const i = parts.lastIndexOf('src');
  return i >= 0 && i < parts.length - 2 ? parts[i + 1] : undefined;
}

export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer order of src/ (platform, wsl, core, shared, then the faces).' },
    schema: [],
    messages: {
      upward: "src/{{from}} may not import from src/{{to}}: {{from}} may import only from {{allowed}}. Move the shared piece down a layer.",
      vscode: "src/{{from}} may not import 'vscode': only src/extension runs inside VS Code.",
      unknown: 'src/{{from}} is not a known layer: add it to eslint/layers.mjs with the layers it may import from.',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (!(from in LAYERS)) return context.report({ node, messageId: 'unknown', data: { from } });
      if (spec === 'vscode') {
        if (!VSCODE_LAYERS.has(from)) context.report({ node, messageId: 'vscode', data: { from } });
        return;
      }
      if (!spec.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), spec));
      if (!to || to === from || LAYERS[from].includes(to)) return;
      const allowed = LAYERS[from].length ? LAYERS[from].map((l) => `src/${l}`).join(', ') : 'nothing outside itself';
      context.report({ node, messageId: 'upward', data: { from, to, allowed } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal')
          check(node, node.arguments[0].value);
      },
    };
  },
};

export const layersPlugin = { rules: { 'import-order': layerRule } };
