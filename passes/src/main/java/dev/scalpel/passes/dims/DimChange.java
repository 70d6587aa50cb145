package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;

/**
 * One dim of one graph input set to {@code dim} ({@code --input-dim x:0=batch}).
 *
 * @param input the input's name
 * @param axis the axis, 0-based; negative counts from the end as in ONNX
 * @param dim the new dim
 */
public record DimChange(String input, int axis, Dim dim) {}
