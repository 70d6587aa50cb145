/**
 * Quantization in ONNX's QDQ form ({@code QuantizeLinear}/{@code DequantizeLinear} around float
 * operators): which nodes are the quantization ({@link QdqNodes}), what folding must keep, and what
 * a model's quantization looks like ({@link QuantizationSummary}).
 */
package dev.scalpel.passes.quant;
