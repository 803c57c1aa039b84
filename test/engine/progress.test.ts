// The real-time factor of the progress reports (engine/runner.ts ProgressReporter): averaged over a
// sliding window of stepping, so a jittery progress interval does not make the readout jump by 2x
// from one report to the next, while a real change of speed shows within the window.
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../engine/api.ts';
import { makePlan } from '../../engine/network/plan.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import { ProgressReporter, SPEED_WINDOW_S, SpeedWindow, Tally } from '../../engine/runner.ts';

function reporter(): { r: ProgressReporter; reports: RunProgress[]; clock: { t: number }; stepsPerMs: number } {
  const plan = makePlan(defaultParams());
  const clock = { t: 0 };
  const reports: RunProgress[] = [];
  const r = new ProgressReporter(plan, { onProgress: (p) => reports.push(p) }, new Tally(plan), () => clock.t);
  return { r, reports, clock, stepsPerMs: 1 / plan.hMs };
}

describe('the real-time factor in progress reports', () => {
  it('does not jump 2x between reports when every other interval is slow', () => {
    const { r, reports, clock } = reporter();
    clock.t = 5; // the build took 5 s
    r.begin(5);
    let step = 0;
    // 0.1 s intervals alternately stepping 100 and 50 steps (10 and 5 ms of model time): per
    // interval the factor is 10 or 20.
    for (let i = 0; i < 60; i++) {
      clock.t += 0.1;
      step += i % 2 === 0 ? 100 : 50;
      r.stepping(step);
    }
    const rtf = reports.map((p) => p.realTimeFactor);
    // After the window has filled, consecutive readouts agree within 5 %, at the true mean (0.2 s per 15 ms).
    const settled = rtf.slice(Math.ceil(SPEED_WINDOW_S / 0.1) + 1);
    for (let i = 1; i < settled.length; i++) expect(Math.abs(settled[i] / settled[i - 1] - 1)).toBeLessThan(0.05);
    for (const x of settled) expect(x).toBeCloseTo(0.2 / 0.015, 0);
    // Never a 2x jump, even while the window fills.
    for (let i = 2; i < rtf.length; i++) expect(Math.max(rtf[i] / rtf[i - 1], rtf[i - 1] / rtf[i])).toBeLessThan(1.5);
  });

  it('counts the speed from the start of stepping, not from before the build', () => {
    const { r, reports, clock } = reporter();
    clock.t = 30; // a 30 s build
    r.begin(30);
    clock.t = 30.2;
    r.stepping(200); // 20 ms of model time in 0.2 s
    expect(reports[0].realTimeFactor).toBeCloseTo(10, 6);
  });

  it('follows a real change of speed within the window', () => {
    const { r, reports, clock } = reporter();
    r.begin(0);
    let step = 0;
    for (let i = 0; i < 40; i++) {
      clock.t += 0.1;
      step += 100; // factor 10
      r.stepping(step);
    }
    expect(reports[reports.length - 1].realTimeFactor).toBeCloseTo(10, 6);
    for (let i = 0; i < Math.ceil(SPEED_WINDOW_S / 0.1) + 1; i++) {
      clock.t += 0.1;
      step += 25; // four times slower: factor 40
      r.stepping(step);
    }
    expect(reports[reports.length - 1].realTimeFactor).toBeCloseTo(40, 6);
  });
});

describe('SpeedWindow', () => {
  it('is unknown before model time passes, and ignores samples going back', () => {
    const w = new SpeedWindow(1);
    expect(w.realTimeFactor()).toBeNaN();
    w.push(0, 0);
    expect(w.realTimeFactor()).toBeNaN();
    w.push(1, 0.5);
    expect(w.realTimeFactor()).toBe(2);
    w.push(0.5, 0.6); // wall time going back: ignored
    expect(w.realTimeFactor()).toBe(2);
  });
});
