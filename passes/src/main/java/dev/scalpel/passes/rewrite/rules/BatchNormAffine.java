package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import java.util.List;

/**
 * An inference BatchNormalization as the per-channel affine map {@code y = s·x + t}, in double:
 * {@code s_c = γ_c / √(σ²_c + ε)}, {@code t_c = β_c − μ_c·s_c}. Built from a match whose pattern
 * binds the BN node as "bn" and its parameters as constants "scale", "bias", "mean", "var".
 */
record BatchNormAffine(double[] s, double[] t) {
  static final double FLOAT16_MAX = 65504;

  /** A BN over {@code input} with constant parameters, bound as described above. */
  static Pattern.Op pattern(PatternBuilder p, Pattern input) {
    return p.op("BatchNormalization", input, p.constant("scale"), p.constant("bias"), p.constant("mean"), p.constant("var"))
        .named("bn");
  }

  /** Why the BN of the match cannot be folded into {@code channels} channels, or null. */
  static String problem(Match m, long channels) {
    Node bn = m.node("bn");
    if (bn.intAttribute("training_mode", 0) != 0) {
      return "training_mode is on: BN uses batch statistics";
    }
    for (int i = 1; i < bn.outputs().size(); i++) {
      if (bn.output(i).isUsed()) {
        return "BN output " + i + " ('" + bn.output(i).name() + "') is used";
      }
    }
    for (String name : List.of("scale", "bias", "mean", "var")) {
      Tensor t = m.tensor(name);
      if (!FloatingTensors.SUPPORTED.contains(t.dataType())) {
        return name + " has type " + t.dataType();
      }
      if (t.dims().length != 1 || t.elementCount() != channels) {
        return name + " has shape " + t.shape() + ", not [" + channels + "]";
      }
    }
    return null;
  }

  /** The map of a match for which {@link #problem} found nothing. */
  static BatchNormAffine of(Match m) {
    double[] gamma = FloatingTensors.toDoubles(m.tensor("scale"));
    double[] beta = FloatingTensors.toDoubles(m.tensor("bias"));
    double[] mean = FloatingTensors.toDoubles(m.tensor("mean"));
    double[] variance = FloatingTensors.toDoubles(m.tensor("var"));
    // NOTE: ε is the float stored in the model, widened exactly.
    double epsilon = m.node("bn").floatAttribute("epsilon", 1e-5f);
    double[] s = new double[gamma.length];
    double[] t = new double[gamma.length];
    for (int c = 0; c < s.length; c++) {
      s[c] = gamma[c] / Math.sqrt(variance[c] + epsilon);
      t[c] = beta[c] - mean[c] * s[c];
    }
    return new BatchNormAffine(s, t);
  }

  static boolean exceeds(double[] values, double limit) {
    for (double v : values) {
      if (Math.abs(v) > limit) {
        return true;
      }
    }
    return false;
  }
}
