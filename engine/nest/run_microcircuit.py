"""
The Potjans & Diesmann (2014) cortical microcircuit for NEST 3.x.

It builds and simulates the network as NEST's "PyNEST Microcircuit" example does (network.py and
helpers.py, last version in the NEST repository), with every parameter read from a JSON parameter
file in Microcircuit Studio's format (sections sim, net, stim with the example's key names).

Usage:
  python3 run_microcircuit.py [--params FILE] [--out DIR] [--threads N]
  mpirun -np K python3 run_microcircuit.py [--threads N]   K MPI processes x N threads each
  python3 run_microcircuit.py --dry-run      print the derived parameters as JSON (no NEST needed)
  python3 run_microcircuit.py --rates-only   recompute rate<i>.dat from the spike files in --out

Output in --out (default ./data), as NEST and the example write it:
  population_nodeids.dat        first and last node id of each population
  spike_recorder-<id>-<vp>.dat  spikes of the simulation phase, one file per recorder and virtual
                                process (NEST reopens its files at every Simulate call)
  voltmeter-<id>-<vp>.dat       when sim.rec_dev lists "voltmeter"
  rate<i>.dat                   rate of every neuron over [t_presim, t_presim + t_sim], spikes/s
  params.json, nest_run.json    the parameters used and the run's facts (NEST version, threads,
                                processes, timings); Microcircuit Studio's NEST import reads them
Under MPI only rank 0 writes the shared files; rate<i>.dat needs every rank's spike files in --out
(a shared file system).
"""

import argparse
import json
import math
import os
import re
import sys
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
SPIKE_LABEL = 'spike_recorder'
VOLTMETER_LABEL = 'voltmeter'
DEVICES = ('spike_recorder', 'voltmeter')

# Every key of the parameter file and its type. A file with a key missing, or with a key that is
# not listed here, is refused: no parameter is silently ignored.
PARAM_TYPES = {
    'sim.t_presim': 'float',
    'sim.t_sim': 'float',
    'sim.sim_resolution': 'float',
    'sim.rec_dev': 'devices',
    'sim.rng_seed': 'int',
    'sim.local_num_threads': 'int',
    'sim.rec_V_int': 'float',
    'sim.overwrite_files': 'bool',
    'sim.print_time': 'bool',
    'net.N_scaling': 'float',
    'net.K_scaling': 'float',
    'net.neuron_model': 'str',
    'net.populations': 'names',
    'net.full_num_neurons': 'ints',
    'net.full_mean_rates': 'floats',
    'net.conn_probs': 'matrix',
    'net.PSP_exc_mean': 'float',
    'net.weight_rel_std': 'float',
    'net.g': 'float',
    'net.delay_exc_mean': 'float',
    'net.delay_inh_mean': 'float',
    'net.delay_rel_std': 'float',
    'net.PSP_matrix_mean': 'matrix or null',
    'net.delay_matrix_mean': 'matrix or null',
    'net.poisson_input': 'bool',
    'net.K_ext': 'ints',
    'net.bg_rate': 'float',
    'net.delay_poisson': 'float',
    'net.V0_type': 'str',
    'net.neuron_params.V0_mean.original': 'float',
    'net.neuron_params.V0_mean.optimized': 'floats',
    'net.neuron_params.V0_std.original': 'float',
    'net.neuron_params.V0_std.optimized': 'floats',
    'net.neuron_params.E_L': 'float',
    'net.neuron_params.V_th': 'float',
    'net.neuron_params.V_reset': 'float',
    'net.neuron_params.C_m': 'float',
    'net.neuron_params.tau_m': 'float',
    'net.neuron_params.tau_syn': 'float',
    'net.neuron_params.t_ref': 'float',
    'stim.thalamic_input': 'bool',
    'stim.th_start': 'float',
    'stim.th_duration': 'float',
    'stim.th_rate': 'float',
    'stim.num_th_neurons': 'int',
    'stim.conn_probs_th': 'floats',
    'stim.PSP_th': 'float',
    'stim.delay_th_mean': 'float',
    'stim.delay_th_rel_std': 'float',
    'stim.dc_input': 'bool',
    'stim.dc_start': 'float',
    'stim.dc_dur': 'float',
    'stim.dc_amp': 'floats',
}


class ParamError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# The parameter file
# ---------------------------------------------------------------------------------------------

def _flatten(node, prefix, out):
    for key, value in node.items():
        path = prefix + key
        if isinstance(value, dict):
            _flatten(value, path + '.', out)
        else:
            out[path] = value


def _number(path, v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ParamError('%s must be a number, got %s' % (path, json.dumps(v)))
    x = float(v)
    if not math.isfinite(x):
        raise ParamError('%s must be finite, got %r' % (path, v))
    return x


def _integer(path, v):
    x = _number(path, v)
    if x != math.floor(x):
        raise ParamError('%s must be an integer, got %r' % (path, v))
    return int(x)


def _list(path, v, n):
    if not isinstance(v, list) or len(v) != n:
        raise ParamError('%s must be a list of %d entries (one per population), got %s' % (path, n, json.dumps(v)[:80]))
    return v


def _convert(path, kind, v, n):
    if kind == 'float':
        return _number(path, v)
    if kind == 'int':
        return _integer(path, v)
    if kind == 'bool':
        if not isinstance(v, bool):
            raise ParamError('%s must be true or false, got %s' % (path, json.dumps(v)))
        return v
    if kind == 'str':
        if not isinstance(v, str):
            raise ParamError('%s must be a string, got %s' % (path, json.dumps(v)))
        return v
    if kind == 'names':
        names = _list(path, v, n)
        for k, name in enumerate(names):
            if not isinstance(name, str) or name == '':
                raise ParamError('%s[%d] must be a non-empty name' % (path, k))
        return list(names)
    if kind == 'devices':
        if not isinstance(v, list) or any(d not in DEVICES for d in v) or len(set(v)) != len(v):
            raise ParamError('%s must be a list of distinct entries of %s, got %s' % (path, list(DEVICES), json.dumps(v)))
        return list(v)
    if kind == 'floats':
        return [_number('%s[%d]' % (path, k), x) for k, x in enumerate(_list(path, v, n))]
    if kind == 'ints':
        return [_integer('%s[%d]' % (path, k), x) for k, x in enumerate(_list(path, v, n))]
    if kind == 'matrix' or (kind == 'matrix or null' and v is not None):
        rows = _list(path, v, n)
        return [[_number('%s[%d][%d]' % (path, r, c), x) for c, x in enumerate(_list('%s[%d]' % (path, r), row, n))]
                for r, row in enumerate(rows)]
    if kind == 'matrix or null':
        return None
    raise ParamError('internal: unknown type %s of %s' % (kind, path))


def load_params(path):
    """Reads the parameter file into a flat dict {'sim.t_presim': 500.0, ...}, typed and checked."""
    with open(path, 'r') as f:
        raw = json.load(f)
    if not isinstance(raw, dict):
        raise ParamError('%s: the parameter file must hold a JSON object with sections sim, net, stim' % path)
    flat = {}
    _flatten(raw, '', flat)
    missing = sorted(k for k in PARAM_TYPES if k not in flat)
    unknown = sorted(k for k in flat if k not in PARAM_TYPES)
    if missing or unknown:
        parts = []
        if missing:
            parts.append('missing: ' + ', '.join(missing))
        if unknown:
            parts.append('unknown (not used by this script): ' + ', '.join(unknown))
        raise ParamError('%s: %s' % (path, '; '.join(parts)))
    names = _convert('net.populations', 'names', flat['net.populations'], len(flat['net.populations'])
                     if isinstance(flat['net.populations'], list) else -1)
    n = len(names)
    prm = {}
    for key, kind in PARAM_TYPES.items():
        prm[key] = _convert(key, kind, flat[key], n)
    if prm['net.V0_type'] not in ('optimized', 'original'):
        raise ParamError('net.V0_type must be "optimized" or "original", got %r' % prm['net.V0_type'])
    if prm['sim.sim_resolution'] <= 0:
        raise ParamError('sim.sim_resolution must be > 0')
    return prm


# ---------------------------------------------------------------------------------------------
# Derived parameters, as the example's helpers compute them (pd14.md section 4)
# ---------------------------------------------------------------------------------------------

def np_sum(values):
    """Sum in numpy's order: np.sum along a contiguous axis uses pairwise summation."""
    n = len(values)
    if n < 8:
        s = 0.0
        for v in values:
            s += v
        return s
    if n <= 128:
        r = list(values[:8])
        i = 8
        while i < n - (n % 8):
            for j in range(8):
                r[j] += values[i + j]
            i += 8
        s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            s += values[i]
            i += 1
        return s
    n2 = n // 2
    n2 -= n2 % 8
    return np_sum(values[:n2]) + np_sum(values[n2:])


def num_synapses_from_conn_prob(p, n_source, n_target):
    """Total number of synapses that gives connection probability p when sources and targets are
    drawn with replacement: log(1 - p) / log((Ns Nt - 1) / (Ns Nt)), real-valued."""
    prod = n_source * n_target
    return math.log(1.0 - p) / math.log((prod - 1.0) / prod)


def psc_over_psp(C_m, tau_m, tau_syn):
    """PSC amplitude (pA) per PSP peak (mV) of an exponential current on the membrane."""
    if tau_m == tau_syn:
        # The limit tau_syn -> tau_m (the example's closed form divides by zero here).
        return C_m * math.e / tau_m
    sub = 1.0 / (tau_syn - tau_m)
    pre = tau_m * tau_syn / C_m * sub
    frac = (tau_m / tau_syn) ** sub
    return 1.0 / (pre * (frac ** tau_m - frac ** tau_syn))


def derive(prm):
    """Every derived number the network is built from (the example's Network.__derive_parameters)."""
    n = len(prm['net.populations'])
    full = prm['net.full_num_neurons']
    N_scaling = prm['net.N_scaling']
    K_scaling = prm['net.K_scaling']
    tau_syn = prm['net.neuron_params.tau_syn']
    K_ext = prm['net.K_ext']
    bg_rate = prm['net.bg_rate']
    poisson_input = prm['net.poisson_input']

    # Synapse numbers from the full-scale population sizes (row: target i, column: source j).
    full_num_synapses = [[num_synapses_from_conn_prob(prm['net.conn_probs'][i][j], full[j], full[i])
                          for j in range(n)] for i in range(n)]
    num_neurons = [int(round(full[i] * N_scaling)) for i in range(n)]
    num_synapses = [[int(round(full_num_synapses[i][j] * N_scaling * K_scaling)) for j in range(n)] for i in range(n)]
    ext_indegrees = [int(round(K_ext[i] * K_scaling)) for i in range(n)]

    ratio = psc_over_psp(prm['net.neuron_params.C_m'], prm['net.neuron_params.tau_m'], tau_syn)
    PSP_exc_mean = prm['net.PSP_exc_mean']
    psp = prm['net.PSP_matrix_mean']
    if psp is None:
        # The example's PSP matrix: excitatory columns PSP_exc_mean, inhibitory g * PSP_exc_mean,
        # L4E -> L23E doubled.
        psp = [[PSP_exc_mean if j % 2 == 0 else PSP_exc_mean * prm['net.g'] for j in range(n)] for i in range(n)]
        psp[0][2] = 2.0 * PSP_exc_mean
    weight_mean = [[psp[i][j] * ratio for j in range(n)] for i in range(n)]
    weight_ext = PSP_exc_mean * ratio

    # DC input that replaces the Poisson background.
    if poisson_input:
        dc_amp = [0.0] * n
    else:
        dc_amp = [bg_rate * K_ext[i] * weight_ext * tau_syn * 0.001 for i in range(n)]

    # Weights and DC adjusted when the in-degrees are scaled.
    if K_scaling != 1:
        sq = math.sqrt(K_scaling)
        rates = prm['net.full_mean_rates']
        input_rec = [np_sum([weight_mean[i][j] * (full_num_synapses[i][j] / full[i]) * rates[j] for j in range(n)])
                     for i in range(n)]
        new_dc = [dc_amp[i] + 0.001 * tau_syn * (1.0 - sq) * input_rec[i] for i in range(n)]
        if poisson_input:
            for i in range(n):
                new_dc[i] += 0.001 * tau_syn * (1.0 - sq) * (weight_ext * K_ext[i] * bg_rate)
        dc_amp = new_dc
        weight_mean = [[weight_mean[i][j] / sq for j in range(n)] for i in range(n)]
        weight_ext = weight_ext / sq

    delays = prm['net.delay_matrix_mean']
    if delays is None:
        delays = [[prm['net.delay_exc_mean'] if j % 2 == 0 else prm['net.delay_inh_mean'] for j in range(n)] for i in range(n)]

    num_th_synapses = None
    weight_th = None
    if prm['stim.thalamic_input']:
        # Full target sizes, scaled by K_scaling only (not by N_scaling: the example's quirk).
        th = [num_synapses_from_conn_prob(prm['stim.conn_probs_th'][i], prm['stim.num_th_neurons'], full[i]) for i in range(n)]
        weight_th = prm['stim.PSP_th'] * ratio
        if K_scaling != 1:
            th = [x * K_scaling for x in th]
            weight_th /= math.sqrt(K_scaling)
        num_th_synapses = [int(round(x)) for x in th]

    dc_stim_amp = None
    if prm['stim.dc_input']:
        dc_stim_amp = [prm['stim.dc_amp'][i] * K_ext[i] for i in range(n)]

    return {
        'num_neurons': num_neurons,
        'full_num_synapses': full_num_synapses,
        'num_synapses': num_synapses,
        'ext_indegrees': ext_indegrees,
        'psc_over_psp': ratio,
        'weight_mean_pa': weight_mean,
        'weight_ext_pa': weight_ext,
        'delay_mean_ms': delays,
        'dc_amp_pa': dc_amp,
        'poisson_rate_hz': [bg_rate * ext_indegrees[i] for i in range(n)],
        'num_th_synapses': num_th_synapses,
        'weight_th_pa': weight_th,
        'dc_stim_amp_pa': dc_stim_amp,
    }


# ---------------------------------------------------------------------------------------------
# Output files
# ---------------------------------------------------------------------------------------------

RECORDER_FILE_RE = re.compile(r'^(.+)-(\d+)-(\d+)\.dat$')
RATE_FILE_RE = re.compile(r'^rate\d+\.dat$')


def recorder_files(out, label):
    """[(recorder id, [file name per VP, in VP order])], ascending recorder ids."""
    groups = {}
    for fn in os.listdir(out):
        m = RECORDER_FILE_RE.match(fn)
        if m and m.group(1) == label:
            groups.setdefault(int(m.group(2)), []).append((int(m.group(3)), fn))
    return [(rid, [fn for _, fn in sorted(groups[rid])]) for rid in sorted(groups)]


def read_population_nodeids(out):
    ranges = []
    with open(os.path.join(out, 'population_nodeids.dat'), 'r') as f:
        for line in f:
            parts = line.split()
            if parts:
                ranges.append((int(parts[0]), int(parts[1])))
    return ranges


def firing_rates(out, begin, end, expected_vps, names):
    """rate<i>.dat as the example's helpers.firing_rates writes it: the spikes of every VP file of
    recorder i with begin <= t <= end, counted per node id from the population's first to last id,
    rate = count * 1000 / (end - begin), one '%.18e' line per neuron (numpy.savetxt's format)."""
    ranges = read_population_nodeids(out)
    recorders = recorder_files(out, SPIKE_LABEL)
    if len(recorders) != len(ranges):
        raise RuntimeError('%d spike recorders in %s for %d populations' % (len(recorders), out, len(ranges)))
    span = end - begin
    means = []
    for i, (rid, files) in enumerate(recorders):
        if expected_vps is not None and len(files) != expected_vps:
            sys.stderr.write('warning: recorder %d has %d of %d VP files in %s (no shared file system?); '
                             'rate files not written\n' % (rid, len(files), expected_vps, out))
            return None
        first, last = ranges[i]
        counts = [0] * (last - first + 1)
        for fn in files:
            with open(os.path.join(out, fn), 'r') as f:
                for line in f:
                    s = line.strip()
                    if not s or s[0] == '#' or s[0].isalpha():
                        continue
                    parts = s.split()
                    sender = int(parts[0])
                    t = float(parts[1])
                    if begin <= t <= end and first <= sender <= last:
                        counts[sender - first] += 1
        rates = [c * 1000.0 / span for c in counts]
        with open(os.path.join(out, 'rate%d.dat' % i), 'w') as f:
            f.write(''.join('%.18e\n' % r for r in rates))
        means.append(sum(rates) / len(rates))
    print('Mean rates over [%s, %s] ms (spikes/s): %s' % (
        begin, end, ', '.join('%s %.3f' % (names[i] if i < len(names) else 'pop%d' % i, m) for i, m in enumerate(means))))
    return means


def existing_output_files(out):
    if not os.path.isdir(out):
        return []
    found = []
    for fn in sorted(os.listdir(out)):
        m = RECORDER_FILE_RE.match(fn)
        if (m and m.group(1) in (SPIKE_LABEL, VOLTMETER_LABEL)) or RATE_FILE_RE.match(fn) \
                or fn in ('population_nodeids.dat', 'nest_run.json'):
            found.append(fn)
    return found


# ---------------------------------------------------------------------------------------------
# The simulation (network.py's Network: setup, create, connect, simulate)
# ---------------------------------------------------------------------------------------------

def _sync(nest):
    """Waits for every MPI process (a no-op without MPI or in NEST versions without it)."""
    sync = getattr(nest, 'SyncProcesses', None)
    if sync is not None:
        sync()


def _nest_version(nest):
    for get in (lambda: nest.__version__, lambda: nest.build_info['version'], lambda: nest.version()):
        try:
            v = get()
            if v:
                return str(v)
        except Exception:
            pass
    return 'unknown'


def simulate(prm, d, threads, out, params_path):
    import nest  # imported here: --dry-run and --rates-only need no NEST

    rank = nest.Rank()
    procs = nest.NumProcesses() if hasattr(nest, 'NumProcesses') else nest.num_processes

    def log(msg):
        if rank == 0:
            print(msg)
            sys.stdout.flush()

    t_start = time.time()
    os.makedirs(out, exist_ok=True)
    old = existing_output_files(out)
    if old:
        if not prm['sim.overwrite_files']:
            if rank == 0:
                sys.stderr.write('error: %s holds output of an earlier run (%s) and sim.overwrite_files is false\n'
                                 % (out, ', '.join(old[:5]) + (' ...' if len(old) > 5 else '')))
            return 1
        if rank == 0:
            # Stale files (e.g. of a run with more VPs) would be read as this run's.
            for fn in old:
                os.remove(os.path.join(out, fn))
    _sync(nest)

    n = len(prm['net.populations'])
    rec_dev = prm['sim.rec_dev']

    # Kernel (Network.__setup_nest). The example calls Prepare/Cleanup after connecting and then
    # Simulate twice; NEST's ASCII backend reopens its files at each call, so it must be allowed to
    # overwrite them. sim.overwrite_files decides above whether an earlier run's files may go.
    nest.ResetKernel()
    nest.local_num_threads = threads
    nest.resolution = prm['sim.sim_resolution']
    nest.rng_seed = prm['sim.rng_seed']
    nest.overwrite_files = True
    nest.print_time = prm['sim.print_time']
    vps = nest.total_num_virtual_procs
    log('NEST %s: %d MPI process(es) x %d thread(s) = %d virtual processes, seed %d'
        % (_nest_version(nest), procs, threads, vps, prm['sim.rng_seed']))
    log('Output: %s' % out)
    t_init = time.time()

    # Neuronal populations with their initial membrane potentials.
    pops = []
    for i in range(n):
        pop = nest.Create(prm['net.neuron_model'], d['num_neurons'][i])
        # C_m and tau_m equal NEST's defaults in the example, which therefore leaves them unset;
        # they are set here so that a parameter file with other values is simulated as given.
        pop.set(
            tau_syn_ex=prm['net.neuron_params.tau_syn'],
            tau_syn_in=prm['net.neuron_params.tau_syn'],
            E_L=prm['net.neuron_params.E_L'],
            V_th=prm['net.neuron_params.V_th'],
            V_reset=prm['net.neuron_params.V_reset'],
            t_ref=prm['net.neuron_params.t_ref'],
            C_m=prm['net.neuron_params.C_m'],
            tau_m=prm['net.neuron_params.tau_m'],
            I_e=d['dc_amp_pa'][i],
        )
        if prm['net.V0_type'] == 'optimized':
            mean = prm['net.neuron_params.V0_mean.optimized'][i]
            std = prm['net.neuron_params.V0_std.optimized'][i]
        else:
            mean = prm['net.neuron_params.V0_mean.original']
            std = prm['net.neuron_params.V0_std.original']
        pop.set(V_m=nest.random.normal(mean=mean, std=std))
        pops.append(pop)
    if rank == 0:
        with open(os.path.join(out, 'population_nodeids.dat'), 'w') as f:
            for pop in pops:
                f.write('%d %d\n' % (pop[0].global_id, pop[-1].global_id))

    # Devices, in the example's order (node ids follow it).
    spike_recorders = None
    voltmeters = None
    if 'spike_recorder' in rec_dev:
        spike_recorders = nest.Create('spike_recorder', n=n, params={
            'record_to': 'ascii', 'label': os.path.join(out, SPIKE_LABEL)})
    if 'voltmeter' in rec_dev:
        voltmeters = nest.Create('voltmeter', n=n, params={
            'interval': prm['sim.rec_V_int'], 'record_to': 'ascii', 'record_from': ['V_m'],
            'label': os.path.join(out, VOLTMETER_LABEL)})
    poisson_bg = None
    if prm['net.poisson_input']:
        poisson_bg = nest.Create('poisson_generator', n=n)
        for i in range(n):
            poisson_bg[i].set(rate=d['poisson_rate_hz'][i])
    thalamus = None
    poisson_th = None
    if prm['stim.thalamic_input']:
        thalamus = nest.Create('parrot_neuron', n=prm['stim.num_th_neurons'])
        poisson_th = nest.Create('poisson_generator')
        poisson_th.set(rate=prm['stim.th_rate'], start=prm['stim.th_start'],
                       stop=prm['stim.th_start'] + prm['stim.th_duration'])
    dc_stim = None
    if prm['stim.dc_input']:
        dc_stim = nest.Create('dc_generator', n=n)
        for i in range(n):
            dc_stim[i].set(amplitude=d['dc_stim_amp_pa'][i], start=prm['stim.dc_start'],
                           stop=prm['stim.dc_start'] + prm['stim.dc_dur'])
    t_create = time.time()

    # Recurrent connections: exactly N_syn[i][j] synapses from source j to target i, drawn with
    # replacement; normal weights and delays, redrawn into the allowed range.
    min_delay = nest.resolution - 0.5 * nest.resolution
    weight_rel_std = prm['net.weight_rel_std']
    delay_rel_std = prm['net.delay_rel_std']
    for i, target in enumerate(pops):
        for j, source in enumerate(pops):
            w = d['weight_mean_pa'][i][j]
            dly = d['delay_mean_ms'][i][j]
            w_min, w_max = (-math.inf, 0.0) if w < 0 else (0.0, math.inf)
            syn = {
                'synapse_model': 'static_synapse',
                'weight': nest.math.redraw(nest.random.normal(mean=w, std=abs(w * weight_rel_std)), min=w_min, max=w_max),
                'delay': nest.math.redraw(nest.random.normal(mean=dly, std=dly * delay_rel_std), min=min_delay, max=math.inf),
            }
            nest.Connect(source, target, conn_spec={'rule': 'fixed_total_number', 'N': d['num_synapses'][i][j]},
                         syn_spec=syn)
    for i, pop in enumerate(pops):
        if spike_recorders is not None:
            nest.Connect(pop, spike_recorders[i])
        if voltmeters is not None:
            nest.Connect(voltmeters[i], pop)
    if poisson_bg is not None:
        for i, pop in enumerate(pops):
            nest.Connect(poisson_bg[i], pop, conn_spec={'rule': 'all_to_all'},
                         syn_spec={'synapse_model': 'static_synapse', 'weight': d['weight_ext_pa'],
                                   'delay': prm['net.delay_poisson']})
    if thalamus is not None:
        nest.Connect(poisson_th, thalamus)
        w_th = d['weight_th_pa']
        for i, pop in enumerate(pops):
            syn = {
                'weight': nest.math.redraw(nest.random.normal(mean=w_th, std=w_th * weight_rel_std), min=0.0, max=math.inf),
                'delay': nest.math.redraw(nest.random.normal(mean=prm['stim.delay_th_mean'],
                                                             std=prm['stim.delay_th_mean'] * prm['stim.delay_th_rel_std']),
                                          min=min_delay, max=math.inf),
            }
            nest.Connect(thalamus, pop, conn_spec={'rule': 'fixed_total_number', 'N': d['num_th_synapses'][i]},
                         syn_spec=syn)
    if dc_stim is not None:
        for i, pop in enumerate(pops):
            nest.Connect(dc_stim[i], pop)
    # As the example: the presynaptic infrastructure is built here, inside the connect time.
    nest.Prepare()
    nest.Cleanup()
    t_connect = time.time()

    t_presim = prm['sim.t_presim']
    if t_presim > 0:
        log('Presimulating %s ms.' % t_presim)
        nest.Simulate(t_presim)
    t_presim_done = time.time()
    log('Simulating %s ms.' % prm['sim.t_sim'])
    nest.Simulate(prm['sim.t_sim'])
    t_sim_done = time.time()
    _sync(nest)

    if rank == 0:
        timings = {
            'init': t_init - t_start,
            'create': t_create - t_init,
            'connect': t_connect - t_create,
            'presim': t_presim_done - t_connect,
            'sim': t_sim_done - t_presim_done,
        }
        log('Timings (s): ' + ', '.join('%s %.2f' % (k, v) for k, v in timings.items()))
        if spike_recorders is not None:
            begin = prm['sim.t_presim']
            firing_rates(out, begin, begin + prm['sim.t_sim'], vps, prm['net.populations'])
        # The parameters as run: the thread count from --threads, when given.
        with open(params_path, 'r') as f:
            used = json.load(f)
        used['sim']['local_num_threads'] = threads
        copy = os.path.join(out, 'params.json')
        if os.path.abspath(copy) != os.path.abspath(params_path):
            with open(copy, 'w') as f:
                json.dump(used, f, indent=2)
                f.write('\n')
        with open(os.path.join(out, 'nest_run.json'), 'w') as f:
            json.dump({
                'nest_version': _nest_version(nest),
                'mpi_processes': procs,
                'local_num_threads': threads,
                'virtual_processes': vps,
                'rng_seed': prm['sim.rng_seed'],
                'resolution_ms': prm['sim.sim_resolution'],
                't_presim_ms': prm['sim.t_presim'],
                't_sim_ms': prm['sim.t_sim'],
                'timings_s': timings,
            }, f, indent=2)
            f.write('\n')
    return 0


# ---------------------------------------------------------------------------------------------

def _positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('must be a whole number >= 1, got %r' % text)
    if v < 1:
        raise argparse.ArgumentTypeError('must be a whole number >= 1, got %r' % text)
    return v


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description='The PD14 cortical microcircuit in NEST 3.x (exported by Microcircuit Studio).',
        epilog='MPI: run under "mpirun -np K"; NEST takes the number of processes from MPI, and '
               'each process runs --threads threads (K x N virtual processes in all).')
    ap.add_argument('--params', default=os.path.join(SCRIPT_DIR, 'params.json'), metavar='FILE',
                    help='parameter file (default: params.json beside this script)')
    ap.add_argument('--out', default=os.path.join(os.getcwd(), 'data'), metavar='DIR',
                    help='output folder (default: ./data)')
    ap.add_argument('--threads', type=_positive_int, default=None, metavar='N',
                    help='threads per MPI process, NEST\'s local_num_threads (default: sim.local_num_threads '
                         'of the parameter file)')
    ap.add_argument('--dry-run', action='store_true',
                    help='print the derived parameters as JSON and exit (does not import NEST)')
    ap.add_argument('--rates-only', action='store_true',
                    help='do not simulate: (re)compute rate<i>.dat from the spike files in --out')
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        prm = load_params(args.params)
    except (OSError, ValueError, ParamError) as e:
        sys.stderr.write('error: cannot use the parameter file: %s\n' % e)
        return 2
    d = derive(prm)
    if args.dry_run:
        print(json.dumps(d, indent=1, sort_keys=True))
        return 0
    out = os.path.abspath(args.out)
    if args.rates_only:
        begin = prm['sim.t_presim']
        try:
            firing_rates(out, begin, begin + prm['sim.t_sim'], None, prm['net.populations'])
        except (OSError, ValueError, IndexError, RuntimeError) as e:
            sys.stderr.write('error: cannot compute the rates in %s: %s\n' % (out, e))
            return 1
        return 0
    threads = args.threads if args.threads is not None else prm['sim.local_num_threads']
    return simulate(prm, d, threads, out, os.path.abspath(args.params))


if __name__ == '__main__':
    sys.exit(main())
