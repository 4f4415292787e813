import type { Command } from 'commander';
import type { ScenarioVariant } from '../../audit/scenarios/index.js';
import { intOption, OptionValueError, parseParams } from '../options.js';
import { printJson, printTable } from '../output.js';
import { progressBar } from '../progress.js';

/** `kernel-sim explore SCENARIO [--variant] [--strategy] [--bound] [--runs] [--seed] [--json]`. */
export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('explore the schedules of a concurrency scenario and report the failures, each with a schedule that replays it')
    .argument('<scenario>', 'a scenario id (e.g. hep-03, alo-01); `kernel-sim scenarios` lists them')
    .option('--variant <v>', 'audited or fixed', 'audited')
    .option('--strategy <s>', 'random, pct or dfs', 'dfs')
    .option('--bound <n>', 'preemption bound of dfs', '2')
    .option('--depth <d>', 'depth of pct', '2')
    .option('--runs <n>', 'maximum runs')
    .option('--seed <s>', 'seed of random and pct', '1')
    .option('--all', 'keep exploring after the first failure, up to --max-failures')
    .option('--max-failures <n>', "with --all: stop after this many failures ('all': no cap)", '20')
    .option('--param <name=value...>', 'scenario parameters, e.g. cpus=4', [])
    .option('--json', 'print the result as JSON (failures with their schedules and timelines)')
    .action(async (id: string, opts: { variant: string; strategy: string; bound: string; depth: string; runs?: string; seed: string; all?: boolean; param: string[]; maxFailures: string; json?: boolean }) => {
      const [{ getScenario }, { explore }, { failureJson }] = await Promise.all([
        import('../../audit/scenarios/index.js'),
        import('../../sync/index.js'),
        import('../failure-json.js'),
      ]);
      const entry = getScenario(id);
      if (opts.variant !== 'audited' && opts.variant !== 'fixed') throw new OptionValueError(`--variant ${JSON.stringify(opts.variant)} is neither audited nor fixed`);
      if (!['random', 'pct', 'dfs'].includes(opts.strategy)) throw new OptionValueError(`--strategy ${JSON.stringify(opts.strategy)} is not random, pct or dfs`);
      const strategy = opts.strategy as 'random' | 'pct' | 'dfs';
      const scenario = entry.build(opts.variant as ScenarioVariant, parseParams(opts.param));
      const runs = intOption('runs', opts.runs, 1);
      const total = runs ?? (strategy === 'dfs' ? 0 : 1000);
      const maxFailures = opts.maxFailures === 'all' ? Infinity : intOption('max-failures', opts.maxFailures, 1)!;
      const bar = progressBar(scenario.name, total, !opts.json);
      const result = explore(scenario, {
        strategy,
        preemptionBound: intOption('bound', opts.bound, 0),
        depth: intOption('depth', opts.depth, 1),
        seed: intOption('seed', opts.seed, 0),
        runs,
        stopOnFailure: !opts.all,
        maxFailures,
        progressEvery: 100,
        onProgress: (n) => bar.update(n),
      });
      bar.stop();
      const capped = opts.all === true && !result.complete && result.failureCount >= maxFailures;
      const out = {
        scenario: result.scenario,
        findings: entry.findings,
        strategy: result.strategy,
        runs: result.runs,
        steps: result.steps,
        complete: result.complete,
        failureCount: result.failureCount,
        failures: result.failures.map((f) => failureJson(f, true)),
        ...(capped ? { stoppedAtFailureCap: maxFailures } : {}),
      };
      if (opts.json) printJson(out);
      else {
        printTable([{ scenario: out.scenario, strategy: out.strategy, runs: out.runs, complete: out.complete, failures: out.failures.length }]);
        printTable(result.failures.map((f) => ({ kind: f.kind, step: f.step, schedule: f.schedule, message: f.message })));
      }
      if (capped) process.stderr.write(`kernel-sim: explore stopped at the failure cap of ${maxFailures} failures after ${result.runs} runs; --max-failures N raises it, --max-failures all lifts it\n`);
      if (result.failures.length > 0) process.exitCode = 3;
    });
}
