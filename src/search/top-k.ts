/**
 * The `k` best of `candidates[0..count)` under `isBetter`, best first, in O(count · log k): a bounded
 * heap whose root is the worst kept item, so large candidate sets are never fully sorted.
 */
export function selectTop(
  candidates: Int32Array,
  count: number,
  k: number,
  isBetter: (a: number, b: number) => boolean,
): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && isBetter(heap[worst]!, heap[left]!)) worst = left;
      if (right < heap.length && isBetter(heap[worst]!, heap[right]!)) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let c = 0; c < count; c++) {
    const item = candidates[c]!;
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >>> 1;
        if (!isBetter(heap[parent]!, heap[i]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (isBetter(item, heap[0]!)) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (isBetter(a, b) ? -1 : isBetter(b, a) ? 1 : 0));
}
