/**
 * Coalesces work to one call per animation frame: events may arrive many times per frame (spike
 * previews, progress), the page redraws at most once. The scheduler is injectable for specs.
 */
export type Scheduler = (fn: () => void) => void;

const animationFrame: Scheduler = (fn) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn());
  else setTimeout(fn, 16);
};

export class FrameCoalescer {
  readonly #schedule: Scheduler;
  readonly #run: () => void;
  #pending = false;

  constructor(run: () => void, schedule: Scheduler = animationFrame) {
    this.#run = run;
    this.#schedule = schedule;
  }

  /** Asks for a run in the next frame (once, however often it is asked). */
  request(): void {
    if (this.#pending) return;
    this.#pending = true;
    this.#schedule(() => {
      this.#pending = false;
      this.#run();
    });
  }
}
