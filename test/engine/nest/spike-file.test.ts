import { describe, expect, it } from 'vitest';
import { parsePopulationNodeIds, parseRateFile, parseSpikeFile, SpikeFileError, SpikeFileParser } from '../../../engine/nest/spike-file.ts';

const NEST3 = '# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n';

describe('spike file parser', () => {
  it("reads NEST 3's header and rows", () => {
    const f = parseSpikeFile(`${NEST3}158\t503.500\n1755\t504.400\n`, 'spike_recorder-7718-0.dat');
    expect(f.header.nestVersion).toBe('3.10.0');
    expect(f.header.backendVersion).toBe(2);
    expect(f.header.columns).toEqual(['sender', 'time_ms']);
    expect(Array.from(f.senders)).toEqual([158, 1755]);
    expect(Array.from(f.timesMs)).toEqual([503.5, 504.4]);
  });

  it('gives the same doubles as Number() for every row', () => {
    const rows = ['1\t500.100', '2\t0.001', '3\t123456.789', '4\t7', '5\t1.5e2', '6\t999999.999999999999'];
    const f = parseSpikeFile(`${rows.join('\n')}\n`, 'x.dat');
    expect(Array.from(f.timesMs)).toEqual(rows.map((r) => Number(r.split('\t')[1])));
  });

  it('reads files without header, other version lines, spaces, CRLF, trailing blanks, no final newline', () => {
    const f = parseSpikeFile('# NEST version: master@7c40d9e9a\r\n# RecordingBackendASCII version: 1\r\n# a comment\r\n\r\n12 1.000 \r\n13\t2.5\t\r\n14   3', 'old.dat');
    expect(f.header.nestVersion).toBe('master@7c40d9e9a');
    expect(f.header.backendVersion).toBe(1);
    expect(f.header.comments).toEqual(['a comment']);
    expect(f.header.columns).toBeNull();
    expect(Array.from(f.senders)).toEqual([12, 13, 14]);
    expect(Array.from(f.timesMs)).toEqual([1, 2.5, 3]);
  });

  it('handles chunks split anywhere, even byte by byte', () => {
    const text = `${NEST3}${Array.from({ length: 50 }, (_, i) => `${i + 1}\t${(500 + i * 1.7).toFixed(3)}`).join('\n')}\n`;
    const whole = parseSpikeFile(text, 'a.dat');
    const p = new SpikeFileParser('a.dat');
    for (const b of new TextEncoder().encode(text)) p.push(Uint8Array.of(b));
    const bytewise = p.end();
    expect(Array.from(bytewise.senders)).toEqual(Array.from(whole.senders));
    expect(Array.from(bytewise.timesMs)).toEqual(Array.from(whole.timesMs));
    expect(whole.senders.length).toBe(50);
  });

  it('converts time_step/offset files with the resolution', () => {
    const f = parseSpikeFile('sender\ttime_step\toffset\n7\t5035\t0\n8\t5036\t0.025\n', 's.dat', { resolutionMs: 0.1 });
    expect(Array.from(f.timesMs)).toEqual([503.5, 5036 * 0.1 - 0.025]);
    expect(() => parseSpikeFile('sender\ttime_step\toffset\n', 's.dat')).toThrow(/resolution/);
  });

  it('names the file and line of malformed input', () => {
    const lines = [NEST3.trimEnd(), ...Array.from({ length: 53 }, (_, i) => `${i + 1}\t${i + 500}.000`), 'abc'];
    expect(lines.length).toBe(55); // 3 header lines in the first element: 'abc' is line 57
    expect(() => parseSpikeFile(lines.join('\n'), 'spike_recorder-7718-0.dat')).toThrow(
      'spike_recorder-7718-0.dat line 57: expected "<sender>\\t<time_ms>", got "abc"',
    );
    const cases: [string, RegExp][] = [
      ['1\t2\t3\n', /line 1: expected/],
      ['1\n', /line 1: expected/],
      ['-1\t2.0\n', /line 1: expected/],
      ['1\t2.0x\n', /line 1: expected/],
      ['1\t2.0\nsender\ttime_ms\n', /line 2: expected/],
      ['sender\ttime_ms\tV_m\n', /line 1: unsupported columns/],
      ['1\t5.0\n', /outside the population's node ids 2\.\.3/],
    ];
    for (const [text, re] of cases) {
      try {
        parseSpikeFile(text, 'f.dat', text === '1\t5.0\n' ? { senderRange: { firstId: 2, lastId: 3 } } : {});
        expect.fail(`no error for ${JSON.stringify(text)}`);
      } catch (err) {
        expect(err).toBeInstanceOf(SpikeFileError);
        expect((err as Error).message).toMatch(/^f\.dat line \d+: /);
        expect((err as Error).message).toMatch(re);
      }
    }
  });

  it('counts lines through the fast path and refuses ids beyond 32 bits', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1}\t${500 + i}.100`);
    const text = `${NEST3}${rows.join('\n')}\n4242\t600.000\n`;
    expect(() => parseSpikeFile(text, 'r.dat', { senderRange: { firstId: 1, lastId: 100 } })).toThrow(
      "r.dat line 104: sender 4242 is outside the population's node ids 1..100",
    );
    expect(() => parseSpikeFile('4294967296\t1.000\n', 'big.dat')).toThrow(/big\.dat line 1: sender 4294967296 is not a node id/);
    const crlf = parseSpikeFile(`${NEST3.replaceAll('\n', '\r\n')}${rows.slice(0, 3).join('\r\n')}\r\n`, 'w.dat');
    expect(Array.from(crlf.timesMs)).toEqual([500.1, 501.1, 502.1]);
  });

  it('refuses use after end()', () => {
    const p = new SpikeFileParser('a.dat');
    p.end();
    expect(() => p.push(new Uint8Array(1))).toThrow(/after end/);
  });
});

describe('population_nodeids.dat and rate files', () => {
  it('parses ranges and rejects bad ones with file and line', () => {
    expect(parsePopulationNodeIds('1 2068\n2069 2651\n')).toEqual([
      { firstId: 1, lastId: 2068 },
      { firstId: 2069, lastId: 2651 },
    ]);
    expect(() => parsePopulationNodeIds('1 10\n5 20\n')).toThrow('population_nodeids.dat line 2: range 5..20 overlaps or precedes 1..10');
    expect(() => parsePopulationNodeIds('1 x\n')).toThrow(/line 1: expected "<first id> <last id>"/);
    expect(() => parsePopulationNodeIds('')).toThrow(/no populations/);
  });

  it('parses numpy savetxt rates', () => {
    expect(Array.from(parseRateFile('1.000000000000000000e+00\n2.500000000000000000e-01\nnan\n'))).toEqual([1, 0.25, NaN]);
    expect(() => parseRateFile('1.0\nfoo\n', 'rate3.dat')).toThrow('rate3.dat line 2: expected a number, got "foo"');
  });
});
