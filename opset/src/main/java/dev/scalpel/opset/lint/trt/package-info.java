/**
 * TensorRT readiness as a linter: {@link dev.scalpel.opset.lint.trt.TrtReadiness} runs the {@link
 * dev.scalpel.opset.lint.trt.TrtRule}s for a {@link dev.scalpel.opset.lint.trt.TrtVersion} and
 * reports what the ONNX parser refuses or treats specially as {@link dev.scalpel.graph.Finding}s.
 * Never changes a model; the repairs are passes ({@code passes.Pipelines.TRT_REPAIRS}).
 */
package dev.scalpel.opset.lint.trt;
