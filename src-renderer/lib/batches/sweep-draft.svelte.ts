/**
 * The sweep being defined in the Sweeps view: its axes (a field of the editor, the entry of a list
 * or matrix, the values as a list or a range), seeds per point and name, over the parameters in the
 * editor. The services plan it as it is edited (batches.plan, a moment after the last change): the
 * grid, every bad point with its parameter and value, and the time, memory and disk it will take,
 * all before anything runs. Start sends exactly the spec that was planned.
 */
import type { BatchPlanInfo, StudioErrorInfo } from '../../../src-main/contract.ts';
import type { BatchSpec } from '../../../src-main/batches/spec.ts';
import type { BatchRecord } from '../../../src-main/store/batch-types.ts';
import { MAX_BATCH_AXES } from '../../../src-main/common/limits.ts';
import { errorInfo, type StudioClient } from '../client.ts';
import type { BatchesState } from './batches.svelte.ts';
import { specKey, type AxisDraft } from './sweep-spec.ts';

/** What the services said about the spec on show. */
export type PlanState =
  | { status: 'idle' }
  | { status: 'planning'; key: string }
  | { status: 'planned'; key: string; plan: BatchPlanInfo }
  | { status: 'refused'; key: string; error: StudioErrorInfo };

export class SweepDraft {
  name = $state('');
  axes = $state<AxisDraft[]>([{ field: 'net.g', row: 0, col: 0, text: '' }]);
  seedsText = $state('3');
  plan = $state.raw<PlanState>({ status: 'idle' });
  starting = $state(false);
  /** Why the last start was refused. */
  startError = $state.raw<StudioErrorInfo | null>(null);

  readonly #client: StudioClient;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  constructor(client: StudioClient) {
    this.#client = client;
  }

  get canAddAxis(): boolean {
    return this.axes.length < MAX_BATCH_AXES;
  }

  addAxis(): void {
    if (!this.canAddAxis) return;
    const bgUsed = this.axes.some((a) => a.field === 'net.bg_rate');
    this.axes = [...this.axes, { field: bgUsed ? 'net.PSP_exc_mean' : 'net.bg_rate', row: 0, col: 0, text: '' }];
  }

  removeAxis(i: number): void {
    if (this.axes.length <= 1) return;
    this.axes = this.axes.filter((_, k) => k !== i);
  }

  setAxis(i: number, patch: Partial<AxisDraft>): void {
    this.axes = this.axes.map((a, k) => (k === i ? { ...a, ...patch } : a));
  }

  /** The plan on show belongs to this spec. */
  planFor(spec: BatchSpec | null): BatchPlanInfo | null {
    const p = this.plan;
    return spec && p.status === 'planned' && p.key === specKey(spec) ? p.plan : null;
  }

  /** Plans the spec a moment after the last change (null: the form cannot make one; nothing is asked). */
  planSoon(spec: BatchSpec | null, delayMs = 350): void {
    clearTimeout(this.#timer);
    if (!spec) {
      ++this.#request;
      this.plan = { status: 'idle' };
      return;
    }
    const key = specKey(spec);
    const p = this.plan;
    if (p.status !== 'idle' && p.key === key) return;
    this.plan = { status: 'planning', key };
    this.#timer = setTimeout(() => void this.planNow(spec), delayMs);
  }

  async planNow(spec: BatchSpec): Promise<void> {
    clearTimeout(this.#timer);
    const request = ++this.#request;
    const key = specKey(spec);
    this.plan = { status: 'planning', key };
    try {
      const plan = await this.#client.call('batches.plan', { spec });
      if (request === this.#request) this.plan = { status: 'planned', key, plan };
    } catch (error) {
      if (request === this.#request) this.plan = { status: 'refused', key, error: errorInfo(error) };
    }
  }

  /** Starts the batch through `batches`; resolves with its record, or null when refused (startError says why). */
  async start(spec: BatchSpec, batches: Pick<BatchesState, 'start'>): Promise<BatchRecord | null> {
    this.starting = true;
    this.startError = null;
    try {
      const r = await batches.start(spec);
      if (r.ok) this.reset();
      else this.startError = r.error;
      return r.ok ? r.batch : null;
    } finally {
      this.starting = false;
    }
  }

  /** Clears what was planned and refused (the form is closed or a batch started). */
  reset(): void {
    clearTimeout(this.#timer);
    ++this.#request;
    this.plan = { status: 'idle' };
    this.startError = null;
  }
}
