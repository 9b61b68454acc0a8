/**
 * Which training prompts each round uses: epochs over the prompt pool in a seeded random order. The
 * cursor is part of the checkpoint, so a resumed run draws the same prompts.
 */
import { Rng } from '../model/rng.js';
import type { DataCursor } from '../train/data.js';

export class ProblemOrder {
  private order: number[];
  private cursor: DataCursor;

  constructor(
    private readonly size: number,
    seed: number,
    cursor?: DataCursor,
  ) {
    if (size === 0) throw new Error('no training prompts');
    this.cursor = cursor ? { ...cursor } : { epoch: 0, position: 0, epochRngState: new Rng(seed).getState() };
    this.order = Rng.fromState(this.cursor.epochRngState).permutation(size);
  }

  get state(): DataCursor {
    return { ...this.cursor };
  }

  /** Indices of the next `count` prompts. */
  next(count: number): number[] {
    const picked: number[] = [];
    while (picked.length < count) {
      if (this.cursor.position >= this.order.length) {
        const rng = Rng.fromState(this.cursor.epochRngState);
        rng.permutation(this.size); // the finished epoch's draw, to move the stream past it
        this.cursor = { epoch: this.cursor.epoch + 1, position: 0, epochRngState: rng.getState() };
        this.order = Rng.fromState(this.cursor.epochRngState).permutation(this.size);
      }
      picked.push(this.order[this.cursor.position++] as number);
    }
    return picked;
  }
}
