// Hostile parameter input (issue 13 item 3): keys that name Object.prototype's members, `--set`
// paths that reach the prototype, indices that would allocate gigabytes, values that would make
// an error message huge. Each is refused by name, allocates nothing in proportion to the number
// it names, and leaves every prototype as it was.
import { describe, expect, it } from 'vitest';
import { applySet, composeParams, deepMerge } from '../../engine/params/merge.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import { collectIssues, formatIssues, ParamValidationError, validateParams } from '../../engine/params/validate.ts';

const PROTOTYPE_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

describe('keys named like members of Object.prototype', () => {
  it('are unknown keys wherever they appear in a parameter file', () => {
    for (const key of PROTOTYPE_KEYS) {
      // JSON.parse makes `__proto__` an own key, as a file read from disk or a request would have it.
      const file = JSON.parse(`{"${key}": 1, "sim": {"${key}": 2}, "net": {"neuron_params": {"${key}": 3}}}`) as unknown;
      const issues = collectIssues(composeParams({ file }));
      expect(issues.map((i) => [i.path, i.message.startsWith('unknown key')])).toEqual([
        [key, true],
        [`sim.${key}`, true],
        [`net.neuron_params.${key}`, true],
      ]);
    }
  });

  it('survive a merge as own keys (never as a prototype)', () => {
    const merged = deepMerge(defaultParams(), JSON.parse('{"__proto__": {"polluted": 1}, "sim": {"__proto__": {"x": 2}}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect((merged as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged.sim)).toBe(Object.prototype);
  });

  it('`--set __proto__.polluted=1` and `--set constructor.prototype.polluted=1` pollute nothing and are refused', () => {
    for (const assignment of ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'sim.__proto__.polluted=1']) {
      const p = composeParams({});
      applySet(p as Record<string, unknown>, assignment);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(() => validateParams(p)).toThrow(ParamValidationError);
      expect(collectIssues(p)[0].message).toMatch(/^unknown key/);
    }
    // A list's entries are chosen by index: a key on a list is refused before anything changes.
    const p = composeParams({}) as Record<string, unknown>;
    expect(() => applySet(p, 'net.conn_probs.__proto__.polluted=1')).toThrow(/net\.conn_probs is a list: its entries are chosen by index/);
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('indices and values that would allocate', () => {
  it('an index past a list is refused before anything is allocated', () => {
    const p = composeParams({}) as Record<string, unknown>;
    const before = process.memoryUsage().arrayBuffers;
    expect(() => applySet(p, 'net.conn_probs[99999999]=0.1')).toThrow(/index 99999999 is out of range: net\.conn_probs has 8 entries \(0\.\.7\)/);
    expect(() => applySet(p, 'net.conn_probs[0][4294967296]=0.1')).toThrow(/out of range/);
    expect(() => applySet(p, 'net.new_list[5]=1')).toThrow(/index 5 is out of range: net\.new_list has 0 entries/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect((p as unknown as ReturnType<typeof defaultParams>).net.conn_probs).toEqual(defaultParams().net.conn_probs);
    // Appending one past the end stays possible (that is how a list grows to be reported as too long).
    applySet(p, 'net.K_ext[8]=1');
    expect(collectIssues(p).map((i) => i.path)).toEqual(['net.K_ext']);
  });

  it('a huge value in an issue is summarised, so every message and issue stays short', () => {
    const p = defaultParams() as unknown as { net: Record<string, unknown>; sim: Record<string, unknown> };
    const sparse: unknown[] = [];
    sparse[50_000_000] = 0.1; // a list of 50 million entries, almost all holes
    p.net.conn_probs = sparse;
    p.net.huge_unknown = 'x'.repeat(1_000_000);
    p.sim.rec_dev = Array.from({ length: 100_000 }, () => 'voltmeter');
    const issues = collectIssues(p);
    expect(issues.map((i) => i.path)).toContain('net.conn_probs');
    const text = JSON.stringify(issues);
    expect(text.length).toBeLessThan(20_000);
    expect(formatIssues(issues).length).toBeLessThan(20_000);
    const conn = issues.find((i) => i.path === 'net.conn_probs')!;
    expect(conn.value).toMatch(/^a list of 50000001 entries/);
    expect(conn.message).toMatch(/got 50000001 rows/);
  });

  it('small wrong values are kept as given', () => {
    const p = defaultParams() as unknown as { net: Record<string, unknown> };
    p.net.K_ext = [1, 2, 3];
    const issue = collectIssues(p).find((i) => i.path === 'net.K_ext')!;
    expect(issue.value).toEqual([1, 2, 3]);
  });
});
