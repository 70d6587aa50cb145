package dev.scalpel.opset.eval;

import dev.scalpel.opset.eval.kernels.ArithmeticKernels;
import dev.scalpel.opset.eval.kernels.AttentionKernel;
import dev.scalpel.opset.eval.kernels.BitCastKernel;
import dev.scalpel.opset.eval.kernels.CausalConvWithStateKernel;
import dev.scalpel.opset.eval.kernels.CastKernels;
import dev.scalpel.opset.eval.kernels.ComparisonKernels;
import dev.scalpel.opset.eval.kernels.FlexAttentionKernel;
import dev.scalpel.opset.eval.kernels.FourierKernels;
import dev.scalpel.opset.eval.kernels.GenerationKernels;
import dev.scalpel.opset.eval.kernels.GridSampleKernel;
import dev.scalpel.opset.eval.kernels.IndexingKernels;
import dev.scalpel.opset.eval.kernels.LayoutKernels;
import dev.scalpel.opset.eval.kernels.LinearAttentionKernel;
import dev.scalpel.opset.eval.kernels.MatMulKernel;
import dev.scalpel.opset.eval.kernels.NonMaxSuppressionKernel;
import dev.scalpel.opset.eval.kernels.PoolKernels;
import dev.scalpel.opset.eval.kernels.QuantizationKernels;
import dev.scalpel.opset.eval.kernels.ReductionKernels;
import dev.scalpel.opset.eval.kernels.RoiAlignKernel;
import dev.scalpel.opset.eval.kernels.ScanKernel;
import dev.scalpel.opset.eval.kernels.ShapeKernels;
import dev.scalpel.opset.eval.kernels.SliceKernels;
import dev.scalpel.opset.eval.kernels.StringNormalizerKernel;
import dev.scalpel.opset.eval.kernels.TopKKernel;
import dev.scalpel.opset.eval.kernels.UnaryKernels;
import dev.scalpel.opset.eval.kernels.WindowKernels;

/** Assembles {@link Kernels#standard()} from the kernel families, one class per family. */
final class StandardKernels {
  private StandardKernels() {}

  static Kernels build() {
    Kernels.Builder b = Kernels.builder();
    ShapeKernels.register(b);
    LayoutKernels.register(b);
    IndexingKernels.register(b);
    SliceKernels.register(b);
    CastKernels.register(b);
    ArithmeticKernels.register(b);
    UnaryKernels.register(b);
    ComparisonKernels.register(b);
    GenerationKernels.register(b);
    ReductionKernels.register(b);
    QuantizationKernels.register(b);
    AttentionKernel.register(b);
    CausalConvWithStateKernel.register(b);
    LinearAttentionKernel.register(b);
    BitCastKernel.register(b);
    NonMaxSuppressionKernel.register(b);
    TopKKernel.register(b);
    StringNormalizerKernel.register(b);
    ScanKernel.register(b);
    MatMulKernel.register(b);
    FlexAttentionKernel.register(b);
    WindowKernels.register(b);
    FourierKernels.register(b);
    PoolKernels.register(b);
    RoiAlignKernel.register(b);
    GridSampleKernel.register(b);
    return b.build();
  }
}
