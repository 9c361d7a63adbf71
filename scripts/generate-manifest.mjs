// Writes the check ids of the registry into package.json (the settings that name checks), so the manifest cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Updates package.json from the compiled registry in out/; returns true when it changed. */
export function generateManifest(root = process.cwd()) {
  const { ALL_CHECKS } = require(`${root}/out/src/core/checks/index.js`);
  const file = `${root}/package.json`;
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  const props = pkg.contributes.configuration.properties;
  const ids = ALL_CHECKS.map((c) => c.id);
  props['goHealth.checks.disabled'].items.enum = ids;
  props['goHealth.checks.disabled'].items.enumDescriptions = ALL_CHECKS.map((c) => c.summary.replace(/\.$/, ''));
  props['goHealth.checks.severityOverrides'].propertyNames.enum = ids;
  const next = JSON.stringify(pkg, null, 2) + '\n';
  if (next === text) return false;
  writeFileSync(file, next);
  return true;
}
