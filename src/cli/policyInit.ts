// `gohealth policy init`: writes the team policy (.gohealth.json) from this machine, refusing to replace one without --force.
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeHost } from '../core/nodeHost';
import { gatherFacts } from '../core/probe/index';
import { draftPolicy } from '../core/policy/init';
import { POLICY_FILE_NAME } from '../core/policy/model';
import { UsageError } from './args';

interface PolicyIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const POLICY_USAGE = `gohealth policy init [--cwd DIR] [--force] [--stdout]
  writes DIR/${POLICY_FILE_NAME} from this machine: its Go release as the lower bound, GOPROXY, GOSUMDB,
  GOPRIVATE, GOFLAGS and GOTOOLCHAIN, its Go tools' versions. --stdout prints it instead.
  exit 0: written; 1: a policy is already there (use --force to replace it); 2: bad usage or failure.`;

function parsePolicyArgs(argv: string[]): { cwd?: string; force: boolean; stdout: boolean } {
  const [sub, ...rest] = argv;
  if (sub !== 'init')
    throw new UsageError(
      sub ? `unknown policy command '${sub}' (try 'gohealth policy init')` : "policy needs a command: 'gohealth policy init'",
    );
  try {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: { cwd: { type: 'string' }, force: { type: 'boolean' }, stdout: { type: 'boolean' } },
    });
    if (values.cwd !== undefined && values.cwd.trim() === '') throw new UsageError('--cwd needs a directory');
    return { cwd: values.cwd, force: Boolean(values.force), stdout: Boolean(values.stdout) };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(String((e as Error).message).split('\n')[0]!);
  }
}

export async function policyCommand(argv: string[], io: PolicyIo): Promise<number> {
  const args = parsePolicyArgs(argv);
  const cwd = path.resolve(io.cwd, args.cwd ?? '.');
  const host = nodeHost({ env: io.env, cwd });
  if (!(await host.fs.stat(cwd))?.isDirectory) throw new UsageError(`--cwd: '${args.cwd ?? cwd}' is not a directory`);
  const target = path.join(cwd, POLICY_FILE_NAME);
  if (!args.stdout && !args.force && (await host.fs.stat(target))) {
    io.stderr(`gohealth: ${target} exists; it was left as it is (use --force to replace it)\n`);
    return 1;
  }
  const facts = await gatherFacts(host, { workspaceFolders: [cwd], timeoutMs: 10_000 });
  if (!facts.activeGo) io.stderr('gohealth: no go was found on PATH: the policy has no Go release range\n');
  const draft = draftPolicy(facts);
  for (const l of draft.leftOut) io.stderr(`gohealth: left out ${l}: a policy must not ask for it\n`);
  if (args.stdout) {
    io.stdout(draft.text);
    return 0;
  }
  await fsp.writeFile(target, draft.text, 'utf8');
  io.stdout(
    `Wrote ${target} from this machine: ${draft.summary.join(', ') || 'no rules (nothing to take from this machine)'}.\n` +
      'Commit it: every editor with Go Health, `gohealth check` and CI then report where a machine differs.\n',
  );
  return 0;
}
