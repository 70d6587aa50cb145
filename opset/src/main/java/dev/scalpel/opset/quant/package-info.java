/**
 * Quantization in ONNX's QDQ form ({@code QuantizeLinear}/{@code DequantizeLinear} around float
 * operators): which nodes are the quantization ({@link dev.scalpel.opset.quant.QdqNodes}), what
 * one Q/DQ node says ({@link dev.scalpel.opset.quant.QdqParameters}), and what a model's
 * quantization looks like ({@link dev.scalpel.opset.quant.QuantizationSummary}).
 *
 * <p>NOTE: how each pass of {@code simplify} treats a QDQ model (audited for issue 11; a rewrite
 * never changes what a quantized model means to TensorRT):
 *
 * <ul>
 *   <li>{@code fold-constants}: never evaluates a DQ nor a Q that a DQ reads (unless {@code
 *       foldQdq}), so their outputs are not constants and nothing downstream folds: a Transpose or
 *       Reshape of dequantized weights stays, since folding it would produce float weights after all
 *       (TensorRT folds such layout ops between DQ and the weight's consumer itself). Identical
 *       small scale/zero-point initializers may be shared; the DQ nodes stay distinct.
 *   <li>{@code eliminate-common-subexpressions}: never merges Q or DQ nodes (ONNX Runtime's
 *       {@code EnsureUniqueDQForNodeUnit} gives every consumer its own DQ again before fusing).
 *   <li>{@code rewrite}: no rule is rooted at or matches a Q or DQ node. Rules that need constant
 *       weights or operands (BatchNormalization fusions, MatMul+Add to Gemm, neutral operands) see
 *       a DQ's output as computed and do not fire, and {@code --explain} names the DQ; they still
 *       fire on float weights next to quantized activations, which stays valid QDQ. Eliminations
 *       (Identity, Dropout, no-op Reshape/Transpose/Cast/Expand/Slice/Pad, merged Transposes) between
 *       a DQ and a Q leave DQ → Q with the same scales and values, which TensorRT and ONNX Runtime
 *       treat as the same requantization; between a DQ and the weight's consumer they put the DQ
 *       right before the consumer, which is the placement TensorRT wants.
 *   <li>{@code rewrite-shapes}: its rules work on the int32/int64 values shape inference propagates,
 *       never on float DQ outputs or 8-bit Q outputs.
 *   <li>{@code constants-to-initializers}: a Constant read by a DQ becomes an initializer; TensorRT's
 *       parser treats both as weights.
 *   <li>{@code remove-unused}: removes only nodes and initializers nothing reads.
 * </ul>
 */
package dev.scalpel.opset.quant;
