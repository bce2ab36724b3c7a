package io.fedchain.learning.codec;

/**
 * Picks the k elements of largest magnitude, ties to the lower index, in O(n) and in index order.
 * The magnitude of a finite float is its bit pattern without the sign, an int whose order is the
 * order of |x| (and that equates -0 with +0), so a two-pass radix select over those ints finds the
 * k-th largest magnitude exactly, with no comparison of floats and no sort.
 */
final class TopKSelection {
  private TopKSelection() {}

  /** Indices of the k largest |x|, increasing; {@code x} must be finite. */
  static int[] largestMagnitudes(float[] x, int k) {
    int[] kept = new int[k];
    if (k == 0) {
      return kept;
    }
    int threshold = kthLargestMagnitude(x, k);
    int above = 0;
    for (float v : x) {
      if (magnitude(v) > threshold) {
        above++;
      }
    }
    int ties = k - above;
    int p = 0;
    for (int i = 0; i < x.length && p < k; i++) {
      int m = magnitude(x[i]);
      if (m > threshold || (m == threshold && ties-- > 0)) {
        kept[p++] = i;
      }
    }
    return kept;
  }

  static int magnitude(float v) {
    return Float.floatToRawIntBits(v) & 0x7FFFFFFF;
  }

  /** Radix select: the high 15 bits of the magnitude first, then the low 16 within that bucket. */
  private static int kthLargestMagnitude(float[] x, int k) {
    int[] high = new int[1 << 15];
    for (float v : x) {
      high[magnitude(v) >>> 16]++;
    }
    int rank = k;
    int h = high.length - 1;
    while (high[h] < rank) {
      rank -= high[h];
      h--;
    }
    int[] low = new int[1 << 16];
    for (float v : x) {
      int m = magnitude(v);
      if (m >>> 16 == h) {
        low[m & 0xFFFF]++;
      }
    }
    int l = low.length - 1;
    while (low[l] < rank) {
      rank -= low[l];
      l--;
    }
    return h << 16 | l;
  }
}
