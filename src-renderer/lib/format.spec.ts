import { describe, expect, it } from 'vitest';
import { everyNthNeuron, formatBytes, formatCount, formatDateTime, formatDuration, formatMs, formatRate, formatValue, populationLabel, sentence, statusTone } from './format.ts';

describe('format', () => {
  it('durations read as people say them', () => {
    expect(formatDuration(0.84)).toBe('0.8 s');
    expect(formatDuration(0.0351)).toBe('35 ms');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(7199.9)).toBe('2 h 00 min');
    expect(formatDuration(NaN)).toBe('–');
    expect(formatDuration(null)).toBe('–');
  });

  it('model times, bytes, rates, counts and values carry their units or separators', () => {
    expect(formatMs(1500)).toBe('1,500 ms');
    expect(formatMs(0.1)).toBe('0.1 ms');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.5 * 2 ** 20)).toBe('3.50 MiB');
    expect(formatBytes(12 * 2 ** 30)).toBe('12.0 GiB');
    expect(formatRate(3.4166)).toBe('3.42');
    expect(formatRate(NaN)).toBe('–');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatValue(0.020000000000000004)).toBe('0.02');
    expect(formatValue(1500)).toBe('1,500');
  });

  it('bytes keep three significant digits at every size, rounding included', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(42 * 2 ** 20)).toBe('42.0 MiB');
    expect(formatBytes(214.4 * 2 ** 20)).toBe('214 MiB');
    expect(formatBytes(9.999 * 2 ** 30)).toBe('10.0 GiB');
    expect(formatBytes(99.97 * 2 ** 30)).toBe('100 GiB');
    expect(formatBytes(3 * 2 ** 40)).toBe('3.00 TiB');
    expect(formatBytes(5000 * 2 ** 40)).toBe('5000 TiB');
    expect([-1, NaN, Infinity, null, undefined].map((b) => formatBytes(b))).toEqual(['–', '–', '–', '–', '–']);
  });

  it('strides in words', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 112].map((n) => everyNthNeuron(n))).toEqual([
      'all neurons',
      'every 2nd neuron',
      'every 3rd neuron',
      'every 4th neuron',
      'every 11th neuron',
      'every 12th neuron',
      'every 13th neuron',
      'every 21st neuron',
      'every 22nd neuron',
      'every 112th neuron',
    ]);
  });

  it('dates are local and sortable', () => {
    const ms = new Date(2025, 10, 26, 9, 5).getTime();
    expect(formatDateTime(ms)).toBe('2025-11-26 09:05');
  });

  it('every status has a tone, and population labels follow NEST', () => {
    expect(statusTone('completed')).toBe('good');
    expect(statusTone('failed')).toBe('bad');
    expect(statusTone('interrupted')).toBe('warn');
    expect(populationLabel('L23E')).toBe('L2/3E');
    expect(populationLabel('L4I')).toBe('L4I');
  });

  it('a phrase starts a sentence with a capital', () => {
    expect(sentence("the population's spikes per bin")).toBe("The population's spikes per bin");
    expect(sentence('')).toBe('');
  });
});
