// The JSON schema of .gohealth.json, built from the names the policy reader accepts, so editors complete and validate exactly those.
import type { PolicyVocabulary } from './parse';

const SEVERITY = {
  enum: ['error', 'warning', 'info'],
  markdownDescription: 'How a broken rule is reported: `error` (the default; fails `gohealth check`), `warning` or `info`.',
};

const REASON = {
  type: 'string',
  markdownDescription: "The team's reason for the rule, shown with its findings (e.g. a link to the team's Go setup page).",
};

const RANGE_HELP =
  'A version range: `>=1.26.10 <1.28`, `1.26.x`, `~1.26.3` (1.26.3 or a later 1.26), `^1.26` (1.26 or later 1.x), `1.25 || 1.26`.';

function versionRule(what: string, example: string) {
  return {
    oneOf: [
      { type: 'string', markdownDescription: `${what}. ${RANGE_HELP}`, examples: [example] },
      {
        type: 'object',
        required: ['version'],
        additionalProperties: false,
        properties: { version: { type: 'string', markdownDescription: `${what}. ${RANGE_HELP}` }, severity: SEVERITY, reason: REASON },
      },
    ],
  };
}

const VALUES = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] };

function envRule(name: string, doc: string | undefined) {
  const about = doc ? `${doc}\n\n` : '';
  return {
    markdownDescription: `${about}A string is the exact value ${name} must have; an object states richer tests.`,
    oneOf: [
      { type: 'string', markdownDescription: `${about}The exact value ${name} must have (\`""\`: unset).` },
      {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          equals: { type: 'string', markdownDescription: `The exact value ${name} must have.` },
          oneOf: { ...VALUES, markdownDescription: `${name} must be one of these values.` },
          includes: {
            ...VALUES,
            markdownDescription: `${name} must include each of these entries (a GOPRIVATE pattern, a GOFLAGS flag such as \`-mod=readonly\`, a GOPROXY URL).`,
          },
          excludes: {
            ...VALUES,
            markdownDescription: `${name} must include none of these entries (a flag name alone, \`-mod\`, matches any value of it).`,
          },
          not: { ...VALUES, markdownDescription: `${name} must not be any of these values (e.g. \`"off"\`).` },
          ...(name === 'GOPROXY'
            ? {
                noDirect: {
                  type: 'boolean',
                  markdownDescription: 'No `direct` entry: modules are never fetched from their origin, bypassing the proxy.',
                },
              }
            : {}),
          severity: SEVERITY,
          reason: REASON,
        },
      },
    ],
  };
}

/** The schema; `docs` gives each variable's one-paragraph description (the go command's own documentation, in short). */
export function policySchema(vocabulary: PolicyVocabulary, docs: (name: string) => string | undefined): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Go Health team policy (.gohealth.json)',
    description:
      'What a correct Go environment is for this repository. Go Health reports every machine, CI job and version pin that breaks a rule, at the rule it breaks.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      go: versionRule('The Go releases the active Go may be', '>=1.26.10 <1.28'),
      env: {
        type: 'object',
        markdownDescription: 'Required values of Go variables, by name.',
        additionalProperties: false,
        properties: Object.fromEntries(vocabulary.variables.map((name) => [name, envRule(name, docs(name))])),
      },
      tools: {
        type: 'object',
        markdownDescription: "Go tools and the module version range each must be in (semver, as in the tool's `go version -m`).",
        additionalProperties: false,
        properties: Object.fromEntries(vocabulary.tools.map((name) => [name, versionRule(`The versions ${name} may be`, '>=1.0.0')])),
      },
      severity: { ...SEVERITY, markdownDescription: 'The severity of every rule that does not give its own (default `error`).' },
    },
  };
}
