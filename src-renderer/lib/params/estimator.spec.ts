import { describe, expect, it, vi } from 'vitest';
import { estimateRun } from '../../../engine/params/estimate.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { memoryLevel, pageEstimator, serviceEstimator } from './estimator.ts';

describe('estimators', () => {
  it('the page estimate is the engine estimate, without available memory', async () => {
    const r = await pageEstimator(4)(defaultParams());
    expect(r).toEqual({ estimate: estimateRun(defaultParams(), 4), availableBytes: null, source: 'page' });
  });

  it('the services estimate carries the available memory; a failed request falls back to the page', async () => {
    const info = { ...estimateRun(defaultParams(), 8), cores: 8, availableBytes: 8e9, issues: [], warnings: [] };
    const request = vi.fn(async () => info);
    const r = await serviceEstimator(request)(defaultParams());
    expect(request).toHaveBeenCalledWith(defaultParams());
    expect(r).toEqual({ estimate: info, availableBytes: 8e9, source: 'service' });
    const failing = serviceEstimator(() => Promise.reject(new Error('down')), pageEstimator(2));
    expect((await failing(defaultParams())).source).toBe('page');
  });

  it('memory levels: warn above 80 % of the available memory, refuse above 90 %', () => {
    expect(memoryLevel(1, null)).toBe('unknown');
    expect(memoryLevel(80, 100)).toBe('ok');
    expect(memoryLevel(81, 100)).toBe('warn');
    expect(memoryLevel(91, 100)).toBe('refuse');
  });
});
