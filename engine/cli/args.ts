/** Command-line arguments of `simulate`, parsed strictly: every mistake names the argument and what is allowed. */
import { PRESET_NAMES } from '../params/presets.ts';
import type { PresetName } from '../params/types.ts';

export interface SimulateArgs {
  preset: PresetName;
  paramsFile: string | null;
  sets: string[];
  outDir: string | null;
  threads: number | null;
  seed: number | null;
  db: string | null;
  noDb: boolean;
  name: string | null;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const SIMULATE_USAGE = `Usage: npm run simulate -- [options]

Runs the PD14 microcircuit headless and prints per-population rates and phase timings.

Options:
  --preset default|full   start from a preset (default: the NEST example as shipped, N = K = 0.1)
  --params FILE.json      parameter file with sections sim, net, stim (NEST example key names)
  --set PATH=VALUE        override one parameter, e.g. --set net.N_scaling=0.5 (repeatable;
                          JSON values: --set 'sim.rec_dev=["spike_recorder","voltmeter"]')
  --threads N             shortcut for --set sim.local_num_threads=N
  --seed N                shortcut for --set sim.rng_seed=N
  --out DIR               write NEST's output files, params.json and summary.json to DIR
  --db PATH               store the run in this database (default: the app's database)
  --no-db                 do not store the run
  --name NAME             name of the stored run
  --quiet                 no progress output
  -h, --help              this text
`;

function positiveInt(flag: string, raw: string | undefined): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value: a whole number >= 1`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} = ${JSON.stringify(raw)}: must be a whole number >= 1`);
  return n;
}

export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const a: SimulateArgs = { preset: 'default', paramsFile: null, sets: [], outDir: null, threads: null, seed: null, db: null, noDb: false, name: null, quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--preset': {
        const v = value();
        if (!(PRESET_NAMES as readonly string[]).includes(v)) throw new UsageError(`--preset = ${JSON.stringify(v)}: must be one of ${PRESET_NAMES.join(', ')}`);
        a.preset = v as PresetName;
        break;
      }
      case '--params':
        a.paramsFile = value();
        break;
      case '--set': {
        const v = value();
        if (!v.includes('=')) throw new UsageError(`--set = ${JSON.stringify(v)}: must be PATH=VALUE, e.g. net.N_scaling=0.5`);
        a.sets.push(v);
        break;
      }
      case '--out':
        a.outDir = value();
        break;
      case '--threads':
        a.threads = positiveInt('--threads', value());
        break;
      case '--seed':
        a.seed = positiveInt('--seed', value());
        break;
      case '--db':
        a.db = value();
        break;
      case '--no-db':
        a.noDb = true;
        break;
      case '--name':
        a.name = value();
        break;
      case '--quiet':
      case '-q':
        a.quiet = true;
        break;
      case '--help':
      case '-h':
        a.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}; allowed: --preset, --params, --set, --threads, --seed, --out, --db, --no-db, --name, --quiet, --help`);
    }
  }
  if (a.threads !== null) a.sets.push(`sim.local_num_threads=${a.threads}`);
  if (a.seed !== null) a.sets.push(`sim.rng_seed=${a.seed}`);
  return a;
}
