package io.fedchain.learning.partition;

import java.util.Arrays;

/** A growable int array, to avoid boxing 60k indices. */
final class IntList {
  private int[] a = new int[64];
  private int n;

  void addRange(int[] src, int from, int to) {
    int len = to - from;
    if (n + len > a.length) {
      a = Arrays.copyOf(a, Math.max(a.length * 2, n + len));
    }
    System.arraycopy(src, from, a, n, len);
    n += len;
  }

  int size() {
    return n;
  }

  int[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
