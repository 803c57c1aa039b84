/**
 * Parsing NEST's ASCII spike files (`spike_recorder-<id>-<vp>.dat`, pd14.md 4.8), incrementally and
 * without per-spike objects: bytes go in chunk by chunk (from a file, a gunzip stream, a test
 * string), typed arrays come out.
 *
 * Accepted layout:
 * - any number of '#' lines (NEST 3 writes `# NEST version: <v>` and
 *   `# RecordingBackendASCII version: <n>`; other versions and comments are kept as found);
 * - an optional column-header line before the first data row: `sender<TAB>time_ms` (NEST 3), or
 *   `sender<TAB>time_step<TAB>offset` (NEST's time_in_steps; needs `resolutionMs`); files without a
 *   header (older NEST) are read as `<sender> <time_ms>` rows;
 * - data rows `<sender><TAB><time_ms>`, tabs or spaces, trailing whitespace and CRLF tolerated;
 *   blank lines skipped. Rows need not be sorted.
 * Malformed input raises a SpikeFileError naming the file and line, e.g.
 * `spike_recorder-7718-0.dat line 57: expected "<sender>\t<time_ms>", got "abc"`.
 */

export class SpikeFileError extends Error {
  readonly fileName: string;
  readonly line: number;
  constructor(fileName: string, line: number, detail: string) {
    super(`${fileName}${line > 0 ? ` line ${line}` : ''}: ${detail}`);
    this.name = 'SpikeFileError';
    this.fileName = fileName;
    this.line = line;
  }
}

export interface SpikeFileHeader {
  /** From `# NEST version: <v>`, null when absent. */
  nestVersion: string | null;
  /** From `# RecordingBackendASCII version: <n>`, null when absent. */
  backendVersion: number | null;
  /** The column names, null for a file without a column header. */
  columns: string[] | null;
  /** Other '#' lines, without the '#'. */
  comments: string[];
}

export interface ParsedSpikeFile {
  fileName: string;
  header: SpikeFileHeader;
  senders: Uint32Array;
  timesMs: Float64Array;
}

/**
 * The most bytes of spike-file text read at once (one file, or all the files of one import),
 * decompressed: every reader checks it before it allocates, so a small gzip file cannot expand
 * without bound. 512 MiB is about 40 million spikes: the full-scale model for several minutes of
 * model time.
 */
export const MAX_SPIKE_TEXT_BYTES = 512 * 2 ** 20;

export interface SpikeParseOptions {
  /** Integration step, ms: required for `time_step offset` files (time = step·h - offset). */
  resolutionMs?: number;
  /** Node ids the senders must lie in (inclusive); a sender outside is an error naming its line. */
  senderRange?: { firstId: number; lastId: number };
}

type Layout = 'ms' | 'steps';

const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const MAX_LINE_IN_ERROR = 80;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Incremental parser of one spike file: push() byte chunks, then end(). */
export class SpikeFileParser {
  readonly fileName: string;
  private readonly options: SpikeParseOptions;
  private readonly header: SpikeFileHeader = { nestVersion: null, backendVersion: null, columns: null, comments: [] };
  private layout: Layout = 'ms';
  private lineNo = 0;
  private dataRows = 0;
  private carry: Uint8Array | null = null;
  private senders = new Uint32Array(1 << 12);
  private times = new Float64Array(1 << 12);
  private n = 0;
  private done = false;
  // Scratch results of the number scanners (avoids allocating per row).
  private pos = 0;
  private num = 0;
  private readonly decoder = new TextDecoder();

  constructor(fileName: string, options: SpikeParseOptions = {}) {
    this.fileName = fileName;
    this.options = options;
  }

  /** Feeds the next bytes of the file. */
  push(chunk: Uint8Array): void {
    if (this.done) throw new Error(`${this.fileName}: push() after end()`);
    let start = 0;
    if (this.carry) {
      // Complete the line left over from the previous chunk without copying the whole chunk.
      const nl = chunk.indexOf(NL);
      const piece = nl < 0 ? chunk : chunk.subarray(0, nl);
      const joined = new Uint8Array(this.carry.length + piece.length);
      joined.set(this.carry);
      joined.set(piece, this.carry.length);
      this.carry = null;
      if (nl < 0) {
        this.carry = joined;
        return;
      }
      this.line(joined, 0, joined.length);
      start = nl + 1;
    }
    for (;;) {
      start = this.fastRows(chunk, start);
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
  }

  /**
   * The hot path: parses plain `<sender>\t<d+[.d+]>\n` rows from `start` for as long as they come,
   * and returns where it stopped (a line for the general path, or an incomplete last line).
   */
  private fastRows(buf: Uint8Array, start: number): number {
    if (this.layout !== 'ms') return start;
    const len = buf.length;
    const lo = this.options.senderRange?.firstId ?? 0;
    const hi = this.options.senderRange?.lastId ?? 0xffffffff;
    let senders = this.senders;
    let times = this.times;
    let n = this.n;
    let p = start;
    let rows = 0;
    while (p < len) {
      let q = p;
      let c = 0;
      let sender = 0;
      while (q < len && (c = buf[q]) >= 48 && c <= 57) {
        sender = sender * 10 + (c - 48);
        q++;
      }
      if (q >= len || q === p || q - p > 10 || c !== TAB) break;
      q++;
      let mant = 0;
      let nd = 0;
      let nf = 0;
      while (q < len && (c = buf[q]) >= 48 && c <= 57) {
        mant = mant * 10 + (c - 48);
        nd++;
        q++;
      }
      if (q < len && c === 46) {
        q++;
        while (q < len && (c = buf[q]) >= 48 && c <= 57) {
          mant = mant * 10 + (c - 48);
          nf++;
          q++;
        }
      }
      if (q >= len || nd === 0 || nd + nf > 15) break;
      if (c === CR && q + 1 < len && buf[q + 1] === NL) q++;
      else if (c !== NL) break;
      if (sender < lo || sender > hi) break; // the general path reports it with its line
      if (n === senders.length) {
        this.n = n;
        this.grow();
        senders = this.senders;
        times = this.times;
      }
      senders[n] = sender;
      times[n] = nf === 0 ? mant : mant / POW10[nf]; // exact integer / exact power of ten: correctly rounded
      n++;
      rows++;
      p = q + 1;
    }
    this.n = n;
    this.lineNo += rows;
    this.dataRows += rows;
    return p;
  }

  private grow(): void {
    const s2 = new Uint32Array(this.senders.length * 2);
    s2.set(this.senders.subarray(0, this.n));
    this.senders = s2;
    const t2 = new Float64Array(this.times.length * 2);
    t2.set(this.times.subarray(0, this.n));
    this.times = t2;
  }

  /** Finishes the file (a last line without newline is accepted) and returns its contents. */
  end(): ParsedSpikeFile {
    if (this.done) throw new Error(`${this.fileName}: end() called twice`);
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.line(c, 0, c.length);
    }
    this.done = true;
    return {
      fileName: this.fileName,
      header: this.header,
      senders: this.senders.slice(0, this.n),
      timesMs: this.times.slice(0, this.n),
    };
  }

  private text(buf: Uint8Array, s: number, e: number): string {
    return this.decoder.decode(buf.subarray(s, e));
  }

  private fail(detail: string): never {
    throw new SpikeFileError(this.fileName, this.lineNo, detail);
  }

  private expected(): string {
    return this.layout === 'ms' ? '"<sender>\\t<time_ms>"' : '"<sender>\\t<time_step>\\t<offset>"';
  }

  private line(buf: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    if (e > s && buf[e - 1] === CR) e--;
    while (s < e && isBlank(buf[s])) s++;
    while (e > s && isBlank(buf[e - 1])) e--;
    if (s === e) return;
    if (buf[s] === HASH) {
      this.headerLine(this.text(buf, s + 1, e).trim());
      return;
    }
    if (this.dataRow(buf, s, e)) return;
    const shown = this.text(buf, s, e);
    if (this.dataRows === 0 && this.header.columns === null && /^[A-Za-z_]/.test(shown)) {
      this.columnHeader(shown);
      return;
    }
    const clipped = shown.length > MAX_LINE_IN_ERROR ? `${shown.slice(0, MAX_LINE_IN_ERROR)}...` : shown;
    this.fail(`expected ${this.expected()}, got "${clipped}"`);
  }

  private headerLine(body: string): void {
    const v = /^NEST version:\s*(.*)$/.exec(body);
    if (v) {
      this.header.nestVersion = v[1];
      return;
    }
    const b = /^RecordingBackendASCII version:\s*(\d+)$/.exec(body);
    if (b) {
      this.header.backendVersion = Number(b[1]);
      return;
    }
    this.header.comments.push(body);
  }

  private columnHeader(line: string): void {
    const cols = line.split(/[ \t]+/);
    this.header.columns = cols;
    const key = cols.join(' ');
    if (key === 'sender time_ms') this.layout = 'ms';
    else if (key === 'sender time_step offset') {
      const h = this.options.resolutionMs;
      if (!(h !== undefined && h > 0)) this.fail('time_step columns need the resolution (resolutionMs) to convert steps to ms');
      this.layout = 'steps';
    } else this.fail(`unsupported columns "${line}": expected "sender\\ttime_ms" (or "sender\\ttime_step\\toffset")`);
  }

  /** Scans an unsigned integer at this.pos; false when none. */
  private scanUint(buf: Uint8Array, e: number): boolean {
    let p = this.pos;
    let v = 0;
    const start = p;
    while (p < e && isDigit(buf[p])) {
      v = v * 10 + (buf[p] - 48);
      p++;
    }
    if (p === start || p - start > 15) return false;
    this.num = v;
    this.pos = p;
    return true;
  }

  /** Scans a decimal number (sign, digits, fraction, exponent) at this.pos; false when none. */
  private scanFloat(buf: Uint8Array, e: number): boolean {
    const start = this.pos;
    let p = start;
    let neg = false;
    if (p < e && (buf[p] === 45 || buf[p] === 43)) {
      neg = buf[p] === 45;
      p++;
    }
    let mant = 0;
    let nDigits = 0;
    let nFrac = 0;
    while (p < e && isDigit(buf[p])) {
      mant = mant * 10 + (buf[p] - 48);
      nDigits++;
      p++;
    }
    if (p < e && buf[p] === 46) {
      p++;
      while (p < e && isDigit(buf[p])) {
        mant = mant * 10 + (buf[p] - 48);
        nDigits++;
        nFrac++;
        p++;
      }
    }
    if (nDigits === 0) return false;
    let exotic = false;
    if (p < e && (buf[p] === 101 || buf[p] === 69)) {
      exotic = true;
      p++;
      if (p < e && (buf[p] === 45 || buf[p] === 43)) p++;
      const expStart = p;
      while (p < e && isDigit(buf[p])) p++;
      if (p === expStart) return false;
    }
    if (exotic || nDigits > 15 || nFrac > 22) {
      // Rare: let the platform's correctly rounded parser do it.
      this.num = Number(this.text(buf, start, p));
    } else {
      // mant and 10^nFrac are exact, so one division gives the correctly rounded value.
      const v = nFrac === 0 ? mant : mant / POW10[nFrac];
      this.num = neg ? -v : v;
    }
    this.pos = p;
    return true;
  }

  private skipBlanks(buf: Uint8Array, e: number): boolean {
    const start = this.pos;
    while (this.pos < e && isBlank(buf[this.pos])) this.pos++;
    return this.pos > start;
  }

  private dataRow(buf: Uint8Array, s: number, e: number): boolean {
    this.pos = s;
    if (!this.scanUint(buf, e)) return false;
    const sender = this.num;
    if (!this.skipBlanks(buf, e)) return false;
    let t: number;
    if (this.layout === 'ms') {
      if (!this.scanFloat(buf, e)) return false;
      t = this.num;
    } else {
      if (!this.scanUint(buf, e)) return false;
      const step = this.num;
      if (!this.skipBlanks(buf, e) || !this.scanFloat(buf, e)) return false;
      t = step * (this.options.resolutionMs as number) - this.num;
    }
    if (this.pos !== e) return false;
    if (sender > 0xffffffff) this.fail(`sender ${sender} is not a node id`);
    const range = this.options.senderRange;
    if (range && (sender < range.firstId || sender > range.lastId)) {
      this.fail(`sender ${sender} is outside the population's node ids ${range.firstId}..${range.lastId}`);
    }
    if (!Number.isFinite(t)) this.fail(`time ${t} is not finite`);
    if (this.n === this.senders.length) this.grow();
    this.senders[this.n] = sender;
    this.times[this.n] = t;
    this.n++;
    this.dataRows++;
    return true;
  }
}

/** Parses a whole spike file held in memory (bytes or text). */
export function parseSpikeFile(content: Uint8Array | string, fileName: string, options: SpikeParseOptions = {}): ParsedSpikeFile {
  const p = new SpikeFileParser(fileName, options);
  p.push(typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return p.end();
}

/** One line of population_nodeids.dat: the population's first and last node id. */
export interface NodeIdRange {
  firstId: number;
  lastId: number;
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Parses `population_nodeids.dat`: one `<first> <last>` line per population, ascending, disjoint. */
export function parsePopulationNodeIds(text: string, fileName = 'population_nodeids.dat'): NodeIdRange[] {
  const out: NodeIdRange[] = [];
  lines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^(\d+)[ \t]+(\d+)$/.exec(line);
    if (!m) throw new SpikeFileError(fileName, i + 1, `expected "<first id> <last id>", got "${line.slice(0, MAX_LINE_IN_ERROR)}"`);
    const firstId = Number(m[1]);
    const lastId = Number(m[2]);
    if (firstId < 1 || lastId < firstId) throw new SpikeFileError(fileName, i + 1, `invalid node id range ${firstId}..${lastId}`);
    const prev = out[out.length - 1];
    if (prev && firstId <= prev.lastId) {
      throw new SpikeFileError(fileName, i + 1, `range ${firstId}..${lastId} overlaps or precedes ${prev.firstId}..${prev.lastId}`);
    }
    out.push({ firstId, lastId });
  });
  if (out.length === 0) throw new SpikeFileError(fileName, 0, 'no populations');
  return out;
}

const FLOAT_RE = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|infinity)$/i;

/** Parses a `rate<i>.dat` file (one number per line, numpy savetxt) into rates, spikes/s. */
export function parseRateFile(text: string, fileName = 'rate.dat'): Float64Array {
  const vals: number[] = [];
  lines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (!FLOAT_RE.test(line)) throw new SpikeFileError(fileName, i + 1, `expected a number, got "${line.slice(0, MAX_LINE_IN_ERROR)}"`);
    const low = line.toLowerCase();
    const v = low.endsWith('nan') ? NaN : low.includes('inf') ? (low.startsWith('-') ? -Infinity : Infinity) : Number(line);
    vals.push(v);
  });
  return Float64Array.from(vals);
}
