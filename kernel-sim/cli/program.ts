/**
 * The `kernel-sim` command tree: a thin layer that parses arguments, calls the library and prints
 * JSON or tables. Typed errors become one line on stderr and exit code 1.
 *
 * Each command module defines its arguments and options only and imports the library inside its
 * action, so a command loads just what it uses and `--help` loads none of it. Adding a command
 * is one import and one `register…(program)` line.
 * @module
 */
import { Command, CommanderError, Help } from 'commander';
import { KernelSimError } from '../util/errors.js';
import { packageVersion } from '../util/package-root.js';
import { printable } from './input-file.js';
import { registerAudit } from './commands/audit.js';
import { registerBoot } from './commands/boot.js';
import { registerExplore } from './commands/explore.js';
import { registerJupyter } from './commands/jupyter.js';
import { registerIommu } from './commands/iommu.js';
import { registerFindings } from './commands/findings.js';
import { registerMbi } from './commands/mbi.js';
import { registerPagewalk } from './commands/pagewalk.js';
import { registerRegions } from './commands/regions.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerTrace } from './commands/trace.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';
import { registerStress } from './commands/stress.js';

// commander's own help layout, whose command terms the program's help reuses.
const COMMANDER_HELP = new Help();

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('kernel-sim')
    .description('An emulated x86-64 machine running a model of the Asterinas memory-management layer')
    .version(packageVersion())
    // commander's command term without "[options]" (each command's --help lists them): the
    // descriptions then have room to wrap at 80 columns, which commander does only with 40 left.
    .configureHelp({ subcommandTerm: (cmd) => COMMANDER_HELP.subcommandTerm(cmd).replace(' [options]', '') })
    .showHelpAfterError()
    .exitOverride();
  registerMbi(program);
  registerRegions(program);
  registerBoot(program);
  registerPagewalk(program);
  registerIommu(program);
  registerRun(program);
  registerScenarios(program);
  registerExplore(program);
  registerReplay(program);
  registerReport(program);
  registerJupyter(program);
  registerFindings(program);
  registerAudit(program);
  registerTrace(program);
  registerSweep(program);
  registerWorker(program);
  registerStress(program);
  return program;
}

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof KernelSimError) {
      process.stderr.write(`kernel-sim: ${e.name}: ${printable(e.message)}\n`);
      return 1;
    }
    if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).path === 'string') {
      process.stderr.write(`kernel-sim: ${printable(e.message)}\n`);
      return 1;
    }
    throw e;
  }
}

