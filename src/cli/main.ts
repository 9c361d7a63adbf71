// The `gohealth` command line: runs the health engine in a terminal or CI and prints text, JSON or SARIF.
import * as path from 'node:path';
import { nodeHost } from '../core/nodeHost';
import { runHealthCheck } from '../core/engine';
import { ProbeCache } from '../core/probe/cache';
import { ALL_CHECKS } from '../core/checks/index';
import { SEVERITY_RANK, type Area } from '../core/report';
import type { Facts } from '../core/facts';
import { renderText } from '../core/render/text';
import { terminalSafe } from '../core/controlChars';
import { renderJson } from '../core/render/json';
import { renderSarif } from '../core/render/sarif';
import { TOOL_VERSION } from '../core/version';
import { parseCheckArgs, UsageError, type CheckArgs } from './args';
import { runWslpath } from '../wsl/wslpathCommand';
import { localRedactionRules, makeRedactor } from '../core/redact';
import { renderReportMarkdown } from '../shared/reportMarkdown';
import { summarizeEnvironment } from '../core/environment';
import { historyCommand } from './history';
import { mergeCommand } from './merge';
import { exportIfAsked } from './otlp';
import { endChildrenOnSignals } from '../platform/lifetime';
import { POLICY_USAGE, policyCommand } from './policyInit';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  isTTY: boolean;
}

const USAGE = `Usage: gohealth <command> [options]

Commands:
  check     judge the Go environment of this shell and the modules under a folder
  history   list what changed in this machine's Go environment between checks
  report    report merge FILE|DIR…: one summary of many machines' JSON reports
  checks    list every check id with its area and default severity
  policy    write the team policy (.gohealth.json) from this machine: 'gohealth policy init'
  wslpath   translate paths between Windows and WSL (like wslpath, also on Windows)
  lsp       run the Go Health language server (--stdio)

gohealth check [--cwd DIR] [--format text|json|sarif|markdown] [--fail-on error|warning|never]
               [--only ID,..] [--skip ID,..] [--timeout-ms N] [--verbose] [--no-color] [--wsl]
               [--redact] [--otlp URL] [--no-history]
  --redact: home directories, the user name and the host name become ~, <user>, <host>.
  --otlp URL (or OTEL_EXPORTER_OTLP_ENDPOINT): export the findings as OpenTelemetry logs and a metric (redacted);
    OTEL_EXPORTER_OTLP_PROTOCOL picks http/json (the default), http/protobuf or grpc.
  --no-history: do not store this run's environment snapshot (env-changed, gohealth history).
  --wsl (Windows): also check the WSL distros and the default distro's go and dlv (starts WSL).
  exit 0: nothing at or above --fail-on (default error); 1: something is; 2: bad usage or failure.
gohealth history [--format text|json] [--limit N]
gohealth report merge [--format markdown|json] [--worst N] FILE|DIR…
${POLICY_USAGE}
gohealth wslpath [-u|-w|-m] [--distro NAME] [--automount-root DIR] PATH
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(parseCheckArgs(rest, new Set(ALL_CHECKS.map((c) => c.id))), io);
      case 'history':
        return await historyCommand(rest, io);
      case 'report':
        if (rest[0] !== 'merge') throw new UsageError(`'gohealth report' has one subcommand: merge (got '${rest[0] ?? ''}')`);
        return await mergeCommand(rest.slice(1), io);
      case 'checks':
        for (const c of ALL_CHECKS) io.stdout(`${c.id.padEnd(28)} ${c.area.padEnd(12)} ${c.severity.padEnd(8)} ${c.summary}\n`);
        return 0;
      case 'policy':
        return await policyCommand(rest, io);
      case 'wslpath': {
        const r = runWslpath(rest);
        if (r.stdout) io.stdout(r.stdout);
        if (r.stderr) io.stderr(r.stderr);
        return r.exitCode;
      }
      case 'lsp':
        // Loaded from beside this bundle at run time so `check` never pays for the server's code.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file beside the bundle, not a module to bundle
        require(path.join(__dirname, 'server.js'));
        return await new Promise<number>(() => undefined);
      case '--version':
      case 'version':
        io.stdout(`gohealth ${TOOL_VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (try 'gohealth check' or 'gohealth help')`);
    }
  } catch (e) {
    // Messages quote what was typed or found (a --cwd, a path): shown, never obeyed by the terminal.
    if (e instanceof UsageError) {
      io.stderr(`gohealth: ${terminalSafe(e.message)}\n`);
      return 2;
    }
    const err = e as Error;
    io.stderr(
      `gohealth: internal error: ${terminalSafe(err?.message ?? String(e))}${io.env.GOHEALTH_DEBUG ? `\n${terminalSafe(err?.stack ?? '', true)}` : ' (set GOHEALTH_DEBUG=1 for details)'}\n`,
    );
    return 2;
  }
}

async function check(args: CheckArgs, io: CliIo): Promise<number> {
  const cwd = path.resolve(io.cwd, args.cwd ?? '.');
  const host = nodeHost({ env: io.env, cwd });
  if (!(await host.fs.stat(cwd))?.isDirectory) throw new UsageError(`--cwd: '${args.cwd ?? cwd}' is not a directory`);
  const {
    report,
    facts,
    checks: ran,
  } = await runHealthCheck(host, {
    workspaceFolders: [cwd],
    timeoutMs: args.timeoutMs,
    only: args.only,
    skip: args.skip,
    probeWsl: args.wsl,
    // One run: nothing is kept for a next one, so nothing is stat'ed to validate it later.
    cache: new ProbeCache({ oneRun: true }),
    history: args.history,
  });
  const out = args.redact ? makeRedactor(localRedactionRules(host.homedir)) : (text: string) => text;
  switch (args.format) {
    case 'json':
      io.stdout(out(renderJson(report)));
      break;
    case 'sarif':
      io.stdout(out(renderSarif(report, ran, anchorFile(facts, cwd))));
      break;
    case 'markdown':
      // The editor's "Show Report" as a file: a CI job summary or a pull request comment.
      io.stdout(
        out(
          renderReportMarkdown({
            runId: 0,
            report,
            environment: summarizeEnvironment(facts),
            trusted: true,
            ignoredSettings: [],
            fixTargets: {},
          }),
        ),
      );
      break;
    case 'text': {
      const color = args.color ?? (io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb');
      // Without a policy file there is no team policy to pass: its heading shows only when one is in force.
      const areasChecked = [...new Set(ran.map((c) => c.area))].filter((a) => a !== 'policy' || !!facts.policies?.length) as Area[];
      io.stdout(out(renderText(report, { color: Boolean(color), areasChecked, verbose: args.verbose, walk: facts.workspaceWalk })));
      break;
    }
  }
  // After the output: export never delays what the user reads, and its failure is one line on stderr.
  await exportIfAsked(args.otlp, io, report, facts);
  if (args.failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[args.failOn];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** The folder's own go.work or go.mod, where SARIF pins findings about the environment. */
function anchorFile(facts: Facts, cwd: string): string | undefined {
  return facts.works.find((w) => w.dir === cwd)?.file ?? facts.modules.find((m) => m.dir === cwd)?.file;
}

/** Runs the CLI on this process's arguments and streams, and sets its exit code. */
export function runFromProcess(): void {
  // Ctrl-C, SIGTERM or SIGHUP end the go processes a check started, not just this one.
  endChildrenOnSignals();
  // Broken pipes (`gohealth check | head`) end quietly rather than with a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gohealth: internal error: ${terminalSafe((e as Error)?.message ?? String(e))}\n`);
      process.exitCode = 2;
    },
  );
}

// `node dist/cliMain.js …` works too; `gohealth` starts through dist/cli.js, which adds the code cache.
if (require.main === module) runFromProcess();
