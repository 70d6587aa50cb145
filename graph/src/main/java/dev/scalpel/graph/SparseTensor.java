package dev.scalpel.graph;

import java.util.List;

/**
 * A sparse constant in coordinate format: {@code values} holds the NNZ non-zero values, {@code
 * indices} their positions ([NNZ, rank] or linearised [NNZ]), {@code dims} the dense shape.
 */
public record SparseTensor(Tensor values, Tensor indices, List<Long> dims) {
  public SparseTensor {
    dims = List.copyOf(dims);
  }
}
