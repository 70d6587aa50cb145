package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Folds an inference BatchNormalization into the constant weights of the convolution before it,
 * in double, cast back to the weight's type: with {@code s_c = γ_c / √(σ²_c + ε)},
 * {@code W'[…c…] = W[…c…]·s_c} along the output-channel axis and {@code b'_c = (b_c − μ_c)·s_c + β_c}.
 * Shared by the Conv and ConvTranspose rules, which differ only in {@link OutputChannels}.
 */
final class BatchNormFolding {
  private static final double FLOAT16_MAX = 65504;

  private BatchNormFolding() {}

  static Pattern.Op pattern(PatternBuilder p, String convOp) {
    return p.op("BatchNormalization",
        p.op(convOp, p.var("x"), p.constant("w"), p.optionalConstant("b")).named("conv"),
        p.constant("scale"), p.constant("bias"), p.constant("mean"), p.constant("var")).named("bn");
  }

  static MatchResult check(Match m, OutputChannels channels) {
    Node bn = m.node("bn");
    if (bn.intAttribute("training_mode", 0) != 0) {
      return MatchResult.fail("training_mode is on: BN uses batch statistics");
    }
    for (int i = 1; i < bn.outputs().size(); i++) {
      if (bn.output(i).isUsed()) {
        return MatchResult.fail("BN output " + i + " ('" + bn.output(i).name() + "') is used");
      }
    }
    Tensor w = m.tensor("w");
    if (!FloatingTensors.SUPPORTED.contains(w.dataType())) {
      return MatchResult.fail("weight type " + w.dataType() + " is not floating");
    }
    long[] dims = w.dims();
    if (dims.length < 3) {
      return MatchResult.fail("weight rank " + dims.length + " < 3");
    }
    long group = m.node("conv").intAttribute("group", 1);
    // NOTE: both weights have a first dim divisible by group (Conv: Cout, ConvTranspose: Cin); a
    // hostile group (0, or 2^62 + 1, whose product with Cout/g wrapped to a small count) is refused
    // here, before the channel arithmetic divides by it. Then Cout/g * group <= the element count.
    if (group < 1 || dims[0] % group != 0) {
      return MatchResult.fail("group " + group + " does not divide the weight's first dim " + dims[0]);
    }
    long cOut = channels.count(dims, group);
    String wrong = firstBadParameter(m, cOut);
    if (wrong != null) {
      return MatchResult.fail(wrong);
    }
    double[] s = scales(m, bn.floatAttribute("epsilon", 1e-5f));
    double[] fusedB = biases(m, s, (int) cOut);
    Tensor fusedW = w.dataType() == DataType.FLOAT
        ? scaledFloats(w, s, channels, group)
        : scaledAnyFloating(w, s, channels, group, fusedB);
    if (fusedW == null) {
      return MatchResult.fail("the fused weights overflow float16");
    }
    return MatchResult.success()
        .bind("fusedW", fusedW)
        .bind("fusedB", FloatingTensors.fromDoubles("", w.dataType(), new long[] {cOut}, fusedB));
  }

  /**
   * FLOAT weights scaled per output channel, each product computed in double and rounded once.
   * NOTE: streamed buffer to buffer, because real networks have millions of weights and this runs
   * for every BatchNormalization.
   */
  private static Tensor scaledFloats(Tensor w, double[] s, OutputChannels channels, long group) {
    long[] dims = w.dims();
    FloatBuffer in = w.data().slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    int n = in.remaining();
    ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer out = bytes.asFloatBuffer();
    int run = n == 0 ? 1 : Math.toIntExact(channels.runLength(dims));
    for (int start = 0; start < n; start += run) {
      double scale = s[channels.channelOf(start, dims, group)];
      for (int e = start; e < start + run; e++) {
        out.put(e, (float) (in.get(e) * scale));
      }
    }
    return DenseTensor.wrap("", DataType.FLOAT, dims, bytes);
  }

  /** Other floating weights through doubles; null when float16 would overflow. */
  private static Tensor scaledAnyFloating(Tensor w, double[] s, OutputChannels channels, long group, double[] fusedB) {
    long[] dims = w.dims();
    double[] fusedW = FloatingTensors.toDoubles(w);
    int run = fusedW.length == 0 ? 1 : Math.toIntExact(channels.runLength(dims));
    for (int start = 0; start < fusedW.length; start += run) {
      double scale = s[channels.channelOf(start, dims, group)];
      for (int e = start; e < start + run; e++) {
        fusedW[e] *= scale;
      }
    }
    if (w.dataType() == DataType.FLOAT16 && (exceeds(fusedW, FLOAT16_MAX) || exceeds(fusedB, FLOAT16_MAX))) {
      return null;
    }
    return FloatingTensors.fromDoubles("", w.dataType(), dims, fusedW);
  }

  static Replacement rewrite(Match m, RewriteBuilder r) {
    Node conv = m.node("conv");
    Value w = r.constant(m.value("w").name() + "_bn", m.binding("fusedW", Tensor.class));
    Value b = r.constant(conv.name().isEmpty() ? "bias_bn" : conv.name() + "_bias_bn", m.binding("fusedB", Tensor.class));
    Value y = r.op(conv.opType(), List.of(m.value("x"), w, b), conv.attributes().values(), conv.name());
    Node bn = m.node("bn");
    Value[] outs = new Value[bn.outputs().size()];
    outs[0] = y;
    return Replacement.of(outs);
  }

  private static String firstBadParameter(Match m, long cOut) {
    for (String name : List.of("scale", "bias", "mean", "var", "b")) {
      Optional<Tensor> t = m.optionalTensor(name);
      if (t.isEmpty()) {
        continue;
      }
      if (!FloatingTensors.SUPPORTED.contains(t.get().dataType())) {
        return name + " has type " + t.get().dataType();
      }
      if (t.get().dims().length != 1 || t.get().elementCount() != cOut) {
        return name + " has shape " + t.get().shape() + ", not [" + cOut + "]";
      }
    }
    return null;
  }

  private static double[] scales(Match m, float epsilon) {
    double[] gamma = FloatingTensors.toDoubles(m.tensor("scale"));
    double[] variance = FloatingTensors.toDoubles(m.tensor("var"));
    double[] s = new double[gamma.length];
    for (int c = 0; c < s.length; c++) {
      // NOTE: ε is the float stored in the model (1e-5 is 9.99999974738e-06), widened exactly.
      s[c] = gamma[c] / Math.sqrt(variance[c] + (double) epsilon);
    }
    return s;
  }

  private static double[] biases(Match m, double[] s, int cOut) {
    double[] beta = FloatingTensors.toDoubles(m.tensor("bias"));
    double[] mean = FloatingTensors.toDoubles(m.tensor("mean"));
    double[] b = m.optionalTensor("b").map(FloatingTensors::toDoubles).orElse(new double[cOut]);
    double[] out = new double[cOut];
    for (int c = 0; c < cOut; c++) {
      out[c] = (b[c] - mean[c]) * s[c] + beta[c];
    }
    return out;
  }

  private static boolean exceeds(double[] values, double limit) {
    for (double v : values) {
      if (Math.abs(v) > limit) {
        return true;
      }
    }
    return false;
  }
}
