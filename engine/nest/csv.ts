/**
 * CSV export of a run's spikes and per-neuron rates, for spreadsheets, pandas and R:
 * - spikes: `sender,time_ms,population` with a header, one row per spike, times with 3 decimals as
 *   NEST prints them (exact for any resolution that is a multiple of 0.001 ms);
 * - rates: `node_id,population,rate_hz`, one row per neuron in node-id order, rates in the
 *   shortest text that reads back as the same double.
 * Rows are formatted as bytes into a fixed buffer and flushed when it is full (BufferedFileSync), so
 * a full-scale run never builds a large string. Population names are quoted as RFC 4180 wants when
 * they hold a comma, quote or line break. The parsers read both files back, naming file and line in
 * their errors.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { populationOf } from '../analysis/spikes.ts';
import { thousandthsOf, writeMillisAscii, writeUintAscii } from './format.ts';
import { SpikeFileError, type NodeIdRange } from './spike-file.ts';
import { BufferedFileSync } from './write.ts';

export const SPIKE_CSV_HEADER = 'sender,time_ms,population';
export const RATE_CSV_HEADER = 'node_id,population,rate_hz';

/** A population: its name and node ids. */
export interface CsvPopulation extends NodeIdRange {
  name: string;
}

/** A CSV field: quoted (with doubled quotes) only when it needs to be. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const encoder = new TextEncoder();
/** Longest row without the name: 10-digit sender, comma, up to 20 characters of time, comma, newline. */
const MAX_ROW_BYTES = 40;

function sortedPopulations(pops: readonly CsvPopulation[]): CsvPopulation[] {
  const sorted = pops.map((p) => ({ name: p.name, firstId: p.firstId, lastId: p.lastId })).sort((a, b) => a.firstId - b.firstId);
  sorted.forEach((p, i) => {
    if (!(Number.isSafeInteger(p.firstId) && Number.isSafeInteger(p.lastId) && p.firstId >= 1 && p.lastId >= p.firstId)) {
      throw new RangeError(`population ${p.name}: bad node id range ${p.firstId}..${p.lastId}`);
    }
    if (i > 0 && p.firstId <= sorted[i - 1].lastId) throw new RangeError(`populations ${sorted[i - 1].name} and ${p.name} overlap`);
  });
  return sorted;
}

/**
 * Streams spikes into a CSV file: open, feed chunks (in the order the rows should appear), close.
 * Every sender must belong to one of the populations.
 */
export class SpikeCsvWriter {
  readonly path: string;
  private readonly file: BufferedFileSync;
  private readonly pops: CsvPopulation[];
  /** ",<name>\n" of each population, as bytes. */
  private readonly tails: Uint8Array[];
  private rowCount = 0;
  private closed = false;

  private constructor(path: string, populations: readonly CsvPopulation[]) {
    this.pops = sortedPopulations(populations);
    this.tails = this.pops.map((p) => encoder.encode(`,${csvField(p.name)}\n`));
    this.path = path;
    this.file = new BufferedFileSync(path);
    this.file.writeTextSync(`${SPIKE_CSV_HEADER}\n`);
  }

  /** Creates (truncates) the file and writes the header. */
  static openSync(path: string, populations: readonly CsvPopulation[]): SpikeCsvWriter {
    return new SpikeCsvWriter(path, populations);
  }

  /** Spike rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  private popIndex(sender: number, hint: number): number {
    const pops = this.pops;
    if (hint >= 0 && sender >= pops[hint].firstId && sender <= pops[hint].lastId) return hint;
    const p = populationOf(pops, sender);
    if (p < 0) throw new RangeError(`sender ${sender} belongs to no population`);
    return p;
  }

  private row(sender: number, thousandths: number, pop: number): void {
    const tail = this.tails[pop];
    const f = this.file;
    f.reserve(MAX_ROW_BYTES + tail.length);
    let pos = writeUintAscii(f.buf, f.pos, sender);
    f.buf[pos++] = 44;
    pos = writeMillisAscii(f.buf, pos, thousandths);
    f.buf.set(tail, pos);
    f.pos = pos + tail.length;
  }

  /** Writes spikes given as integration steps (time = step·h); h must be a multiple of 0.001 ms. */
  writeStepsSync(senders: Uint32Array, steps: ArrayLike<number>, resolutionMs: number): void {
    if (this.closed) throw new Error('the CSV writer is closed');
    if (senders.length !== steps.length) throw new RangeError('senders and steps differ in length');
    const perStep = Math.round(resolutionMs * 1000);
    if (perStep < 1 || Math.abs(resolutionMs * 1000 - perStep) > 1e-9 * perStep) {
      throw new RangeError(`resolution ${resolutionMs} ms is not a multiple of 0.001 ms`);
    }
    let p = -1;
    for (let i = 0; i < senders.length; i++) {
      p = this.popIndex(senders[i], p);
      this.row(senders[i], steps[i] * perStep, p);
    }
    this.rowCount += senders.length;
  }

  /** Writes spikes given in ms (rounded to 3 decimals as printf("%.3f") does). */
  writeMsSync(senders: Uint32Array, timesMs: ArrayLike<number>): void {
    if (this.closed) throw new Error('the CSV writer is closed');
    if (senders.length !== timesMs.length) throw new RangeError('senders and times differ in length');
    let p = -1;
    for (let i = 0; i < senders.length; i++) {
      p = this.popIndex(senders[i], p);
      this.row(senders[i], thousandthsOf(timesMs[i]), p);
    }
    this.rowCount += senders.length;
  }

  /** Flushes and closes the file (idempotent). */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.closeSync();
  }
}

/** One population's per-neuron rates, node-id order (ratesHz[k] is node firstId + k). */
export interface PopulationRates {
  name: string;
  firstId: number;
  ratesHz: ArrayLike<number>;
}

/** Writes `node_id,population,rate_hz` rows for every neuron of every population; returns the row count. */
export function writeRatesCsvSync(path: string, populations: readonly PopulationRates[]): number {
  const f = new BufferedFileSync(path);
  let rows = 0;
  try {
    f.writeTextSync(`${RATE_CSV_HEADER}\n`);
    for (const p of populations) {
      const name = encoder.encode(csvField(p.name));
      for (let k = 0; k < p.ratesHz.length; k++) {
        const rate = encoder.encode(String(p.ratesHz[k]));
        f.reserve(12 + name.length + rate.length + 2);
        let pos = writeUintAscii(f.buf, f.pos, p.firstId + k);
        f.buf[pos++] = 44;
        f.buf.set(name, pos);
        pos += name.length;
        f.buf[pos++] = 44;
        f.buf.set(rate, pos);
        pos += rate.length;
        f.buf[pos++] = 10;
        f.pos = pos;
        rows++;
      }
    }
  } finally {
    f.closeSync();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Reading back
// ---------------------------------------------------------------------------------------------

/** Splits one CSV line into fields (RFC 4180 quoting; no line breaks inside fields). */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i === line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

function csvLines(text: string, fileName: string, header: string): { line: string; no: number }[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = (lines[0] ?? '').replace(/\r$/, '');
  if (first !== header) throw new SpikeFileError(fileName, 1, `expected the header "${header}", got "${first.slice(0, 80)}"`);
  return lines.slice(1).map((l, i) => ({ line: l.replace(/\r$/, ''), no: i + 2 }));
}

const UINT_RE = /^\d{1,10}$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Spikes read back from a spike CSV: parallel arrays plus the population name of each row. */
export interface SpikeCsv {
  senders: Uint32Array;
  timesMs: Float64Array;
  populations: string[];
}

/**
 * The rows of a CSV of three fields (an id, a number, a population name, in the order `expected`
 * names them), each checked and split by `row` (null: a bad row); errors name the file and line.
 */
function parseIdValueRows(
  text: string,
  fileName: string,
  header: string,
  expected: string,
  row: (f: string[]) => { id: number; value: number; population: string } | null,
): { ids: Uint32Array; values: Float64Array; populations: string[] } {
  const rows = csvLines(text, fileName, header);
  const ids = new Uint32Array(rows.length);
  const values = new Float64Array(rows.length);
  const populations: string[] = [];
  rows.forEach(({ line, no }, i) => {
    const f = splitCsvLine(line);
    const r = f && f.length === 3 ? row(f) : null;
    if (!r) throw new SpikeFileError(fileName, no, `expected "${expected}", got "${line.slice(0, 80)}"`);
    ids[i] = r.id;
    values[i] = r.value;
    populations.push(r.population);
  });
  return { ids, values, populations };
}

/** Parses a spike CSV written by SpikeCsvWriter; errors name the file and line. */
export function parseSpikeCsv(text: string, fileName = 'spikes.csv'): SpikeCsv {
  const r = parseIdValueRows(text, fileName, SPIKE_CSV_HEADER, '<sender>,<time_ms>,<population>', (f) =>
    UINT_RE.test(f[0]) && DECIMAL_RE.test(f[1]) && f[2] !== '' ? { id: Number(f[0]), value: Number(f[1]), population: f[2] } : null,
  );
  return { senders: r.ids, timesMs: r.values, populations: r.populations };
}

export interface RateCsv {
  nodeIds: Uint32Array;
  ratesHz: Float64Array;
  populations: string[];
}

/** Parses a rates CSV written by writeRatesCsvSync; errors name the file and line. */
export function parseRatesCsv(text: string, fileName = 'rates.csv'): RateCsv {
  const r = parseIdValueRows(text, fileName, RATE_CSV_HEADER, '<node_id>,<population>,<rate_hz>', (f) => {
    const rate = Number(f[2]);
    return UINT_RE.test(f[0]) && f[1] !== '' && f[2].trim() !== '' && Number.isFinite(rate) ? { id: Number(f[0]), value: rate, population: f[1] } : null;
  });
  return { nodeIds: r.ids, ratesHz: r.values, populations: r.populations };
}

/** Reads and parses a spike CSV file. */
export function readSpikeCsvSync(path: string): SpikeCsv {
  return parseSpikeCsv(readFileSync(path, 'utf8'), basename(path));
}

/** Reads and parses a rates CSV file. */
export function readRatesCsvSync(path: string): RateCsv {
  return parseRatesCsv(readFileSync(path, 'utf8'), basename(path));
}
