/**
 * An ascending list of ids that is mostly one contiguous range, without materializing it:
 * `low` (sorted ids below the range) ++ [start, end) minus `excluded` ++ `high` (sorted ids at or
 * above `end`). This lets a million synthetic projects be paged through by index in O(log n).
 */
export class IdView {
  readonly size: number;

  constructor(
    private readonly low: readonly number[],
    private readonly start: number,
    private readonly end: number,
    /** Sorted ids inside [start, end) that are not part of the list. */
    private readonly excluded: readonly number[],
    private readonly high: readonly number[],
  ) {
    this.size = low.length + (end - start - excluded.length) + high.length;
  }

  /** The id at ascending position `index` (0-based). */
  at(index: number): number {
    if (index < this.low.length) return this.low[index] as number;
    const k = index - this.low.length;
    const rangeSize = this.end - this.start - this.excluded.length;
    if (k >= rangeSize) return this.high[k - rangeSize] as number;
    // excluded[j] - start - j counts the range ids kept below excluded[j]; it never decreases,
    // so the number of exclusions before the k-th kept id is found by binary search.
    let lo = 0;
    let hi = this.excluded.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.excluded[mid] as number) - this.start - mid <= k) lo = mid + 1;
      else hi = mid;
    }
    return this.start + k + lo;
  }

  /** How many ids of the list are smaller than `id`. */
  countBelow(id: number): number {
    const lowCount = lowerBound(this.low, id);
    const clamped = Math.min(Math.max(id, this.start), this.end);
    const rangeCount = clamped - this.start - lowerBound(this.excluded, clamped);
    return lowCount + rangeCount + lowerBound(this.high, id);
  }

  /** Ids at ascending positions [from, to). */
  slice(from: number, to: number): number[] {
    const ids: number[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.size); i++) ids.push(this.at(i));
    return ids;
  }
}

/** Number of elements of the sorted array below `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
