package io.fedchain.learning.model;

import java.util.Arrays;

/**
 * One named tensor inside a model's flat parameter vector: elements
 * {@code [offset, offset + size())} in row-major order of {@code shape}.
 */
public record ParamTensor(String name, int[] shape, int offset) {
  public ParamTensor {
    shape = shape.clone();
  }

  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamTensor t && t.name.equals(name) && Arrays.equals(t.shape, shape) && t.offset == offset;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape) * 17 + offset;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset;
  }
}
