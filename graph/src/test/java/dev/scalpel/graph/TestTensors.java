package dev.scalpel.graph;

import dev.scalpel.graph.tensor.DenseTensor;

/** Small tensors for tests. */
public final class TestTensors {
  private TestTensors() {}

  /** A FLOAT tensor of shape [n] holding 0, 1, ..., n-1. */
  public static Tensor floats(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return DenseTensor.ofFloats("", new long[] {n}, values);
  }
}
