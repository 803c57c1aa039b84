import { describe, expect, it } from 'vitest';
import { fCdf, incompleteBeta, spreadRatio, studentTCdf, studentTQuantile, welch } from '../../../engine/analysis/student-t.ts';

// Reference values from scipy 1.17 (stats.t, special.betainc, stats.ttest_ind(equal_var=False)).
describe("Student's t", () => {
  it('the regularized incomplete beta function', () => {
    expect(incompleteBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 12);
    expect(incompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo(0.7951672353008665, 12);
    expect([incompleteBeta(0, 2, 3), incompleteBeta(1, 2, 3)]).toEqual([0, 1]);
    expect(() => incompleteBeta(0.5, 0, 1)).toThrow(/a = 0 and b = 1 must be > 0/);
  });

  it('CDF and 97.5 % quantile, integer and fractional degrees of freedom', () => {
    const cdf = [studentTCdf(-3, 3), studentTCdf(-1, 10), studentTCdf(0.5, 1.5), studentTCdf(2, 50)];
    [0.02883444281121865, 0.17044656615103, 0.65971644466503, 0.9745264656311534].forEach((want, i) => expect(cdf[i]).toBeCloseTo(want, 10));
    const q = [1, 2.5, 4, 7.3, 30].map((df) => studentTQuantile(0.975, df));
    [12.706204736174694, 3.5746548420036817, 2.7764451051977934, 2.345066736547703, 2.0422724563012378].forEach((want, i) => expect(q[i]).toBeCloseTo(want, 8));
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451051977934, 8);
    expect(() => studentTQuantile(1, 4)).toThrow(/q = 1 must lie in \(0, 1\)/);
    expect(() => studentTCdf(1, 0)).toThrow(/df = 0 must be > 0/);
  });

  it("Welch's comparison of two means: p, degrees of freedom and the 95 % interval", () => {
    const a = [1.0, 1.2, 0.9, 1.1, 1.05];
    const b = [1.3, 1.25, 1.4, 1.2, 1.5];
    const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const sd = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + (v - m(x)) ** 2, 0) / (x.length - 1));
    const w = welch(m(a), sd(a), 5, m(b), sd(b), 5);
    expect(w.p).toBeCloseTo(0.005213118814462682, 10);
    expect(w.df).toBeCloseTo(7.956343792633016, 10);
    expect(w.difference / w.se).toBeCloseTo(3.810317377662719, 10);
    const h = studentTQuantile(0.975, w.df) * w.se;
    expect(w.ci95[0]).toBeCloseTo(w.difference - h, 14);
    expect(w.ci95[1]).toBeCloseTo(w.difference + h, 14);
    expect(w.ci95[0]).toBeGreaterThan(0);
  });

  it('Welch without spread or with one value a side', () => {
    expect(welch(1, 0, 3, 1, 0, 3)).toMatchObject({ p: 1, ci95: [0, 0] });
    expect(welch(1, 0, 3, 2, 0, 3)).toMatchObject({ p: 0, ci95: [1, 1] });
    const one = welch(1, NaN, 1, 2, 0.1, 5);
    expect(one.difference).toBe(1);
    expect([one.p, one.ci95[0], one.ci95[1]].every(Number.isNaN)).toBe(true);
  });

  it('the F distribution: closed forms for 2 numerator degrees of freedom, and scipy', () => {
    // d1 = 2: P(F <= f) = 1 - (d2 / (d2 + 2 f))^(d2 / 2); d1 = d2 = 2: f / (1 + f).
    for (const f of [0.1, 0.7, 1, 3.2, 25]) {
      expect(fCdf(f, 2, 2)).toBeCloseTo(f / (1 + f), 12);
      expect(fCdf(f, 2, 9)).toBeCloseTo(1 - (9 / (9 + 2 * f)) ** 4.5, 12);
    }
    expect(fCdf(2.5, 9, 50)).toBeCloseTo(0.9809184311831121, 10);
    expect(fCdf(0.4, 3.5, 12)).toBeCloseTo(0.2173366537388864, 10);
    expect([fCdf(0, 3, 4), fCdf(-1, 3, 4), fCdf(Infinity, 3, 4)]).toEqual([0, 0, 1]);
    expect(() => fCdf(1, 0, 4)).toThrow(/d1 = 0 and d2 = 4 must be > 0/);
  });

  it('the F test of two spreads, two-sided, either way round', () => {
    const wide = spreadRatio(0.143, 51, 0.051, 10);
    expect(wide.ratio).toBeCloseTo(0.143 / 0.051, 12);
    expect(wide.p).toBeCloseTo(0.0024341589624474747, 8); // scipy: 2 * stats.f.sf(F, 50, 9)
    const narrow = spreadRatio(0.05, 8, 0.1, 41);
    expect(narrow.p).toBeCloseTo(0.06151236075390844, 8); // 2 * stats.f.cdf(0.25, 7, 40)
    expect(spreadRatio(0.1, 12, 0.1, 12).p).toBeCloseTo(1, 12);
    expect(spreadRatio(0, 5, 0, 5)).toEqual({ ratio: 1, p: 1 });
    expect(spreadRatio(0.1, 1, 0.1, 5).p).toBeNaN();
  });
});
