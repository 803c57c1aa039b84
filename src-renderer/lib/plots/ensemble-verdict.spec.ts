import { describe, expect, it } from 'vitest';
import { judgedEnsembles } from '../../components/plots/test-support/ensembles.ts';
import { countLine, ensembleTone, shownRows, thresholdLine, verdictCells } from './ensemble-verdict.ts';

describe('ensemble verdict view', () => {
  it('same configuration, 5 seeds a side: agrees everywhere, green, nothing differs', () => {
    const c = judgedEnsembles(5, 1);
    expect(c.verdict).toBe('agree');
    expect(ensembleTone(c.verdict)).toBe('pass');
    expect(countLine(c.rows)).toBe('none of 6 statistics differ');
    expect(thresholdLine(c)).toMatch(/^no p-value reaches the Benjamini–Hochberg threshold \(q = 0\.05 over 12 tests\)$/);
    expect(shownRows(c.rows, true)).toEqual([]);
    expect(shownRows(c.rows, false)).toHaveLength(6);
  });

  it('L5E 30 % higher: L5E rates differ, listed first, with the change and its interval', () => {
    const c = judgedEnsembles(5, 1.3);
    expect(c.verdict).toBe('differ');
    expect(ensembleTone(c.verdict)).toBe('fail');
    const differ = shownRows(c.rows, true);
    expect(differ.map((r) => `${r.population} ${r.statistic}`)).toEqual(['L5E rates']);
    expect(countLine(c.rows)).toBe('1 of 6 statistics differ');
    expect(thresholdLine(c)).toMatch(/^p ≤ \S+ counts as a difference \(Benjamini–Hochberg, q = 0\.05 over 12 tests\)$/);
    expect(shownRows(c.rows, false)[0]).toBe(differ[0]);
    const cells = verdictCells(differ[0], 5, 5);
    expect(cells.population).toBe('L5E');
    expect(cells.statistic).toBe('mean rate (spikes/s)');
    expect(cells.verdict).toBe('differs');
    expect(cells.by).toMatch(/mean|distribution/);
    // About +30 %, its 95 % interval excluding 0.
    const pct = Number(cells.change.match(/^\+(\d+) %/)?.[1]);
    expect(pct).toBeGreaterThan(20);
    expect(pct).toBeLessThan(40);
    expect(cells.change).toMatch(/^\+\d+ % \(\+\d+ to \+\d+ %\)$/);
    // Mean to 3 figures, SD to 2; n only where fewer runs than the side's have a value.
    expect(cells.a).toMatch(/^7\.\d\d ± 0\.\d+$/);
    expect(cells.a.split(' ± ')[1].replace(/^0\.0*/, '')).toHaveLength(2);
    expect(verdictCells(differ[0], 6, 5).a).toMatch(/ \(n 5\)$/);
    expect(cells.pMean).not.toBe('n/a');
    const l23e = verdictCells(c.rows.find((r) => r.population === 'L23E' && r.statistic === 'rates')!, 5, 5);
    expect(l23e.population).toBe('L2/3E');
    expect(l23e.verdict).toBe('agrees');
    expect(l23e.by).toBe('');
  });

  it('one run a side: no verdict (grey), the cells say what cannot be known', () => {
    const c = judgedEnsembles(1, 1.3);
    expect(c.verdict).toBe('undecided');
    expect(ensembleTone(c.verdict)).toBe('unknown');
    const cells = verdictCells(c.rows[0], 1, 1);
    expect(cells.seedSd).toBe('–');
    expect(cells.a).toMatch(/^\d+\.\d+$/); // one run: no SD
  });
});
