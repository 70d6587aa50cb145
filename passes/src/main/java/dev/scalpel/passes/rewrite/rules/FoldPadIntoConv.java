package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code Conv(Pad(x, p), W, b) = Conv(x, W, b, pads = pads + p[spatial])}: Conv's own padding is
 * zero padding of the input, so a constant-mode Pad with fill 0 (±0: either zero times a weight adds
 * a zero to the sum) that pads only the spatial axes, by non-negative amounts, moves into the
 * Conv's 'pads' (begin and end per spatial axis), dilations and strides notwithstanding. Only when
 * the Conv's auto_pad is NOTSET (explicit pads). Pads come from the attribute (opset &lt; 11) or
 * constant inputs; an 'axes' input (opset 18) needs the rank of x.
 */
public final class FoldPadIntoConv extends RewriteRule {
  public FoldPadIntoConv() {
    super("fold-pad-into-conv", OpId.onnx("Conv"), OpsetRange.of(2, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Conv", p.op("Pad", p.var("x"), p.optionalConstant("pads"), p.optionalConstant("value"),
        p.optionalConstant("axes")).named("pad")).withExtraInputs().named("conv");
  }

  @Override
  protected MatchResult check(Match m) {
    Node pad = m.node("pad");
    Node conv = m.node("conv");
    String mode = pad.attribute("mode").map(Attribute::asString).orElse("constant");
    if (!mode.equals("constant")) {
      return MatchResult.fail("Pad mode is " + mode);
    }
    String autoPad = conv.attribute("auto_pad").map(Attribute::asString).orElse("NOTSET");
    if (!autoPad.equals("NOTSET")) {
      return MatchResult.fail("Conv auto_pad is " + autoPad);
    }
    Optional<Tensor> value = m.optionalTensor("value");
    float attrValue = pad.floatAttribute("value", 0f);
    if ((value.isPresent() && !UniformTensors.allEqual(value.get(), 0)) || attrValue != 0f) {
      return MatchResult.fail("the fill value is not 0");
    }
    Optional<long[]> given = EliminateZeroPad.pads(pad, m.optionalTensor("pads"));
    if (given.isEmpty()) {
      return MatchResult.fail("the pads are not known");
    }
    Optional<long[]> full = perAxis(given.get(), m.optionalTensor("axes"), Axes.rankOf(m.value("x")));
    if (full.isEmpty()) {
      return MatchResult.fail("Pad axes given and the rank of '" + m.value("x").name() + "' is unknown (or bad)");
    }
    long[] p = full.get();
    int rank = p.length / 2;
    if (rank < 3) {
      return MatchResult.fail("Pad of rank " + rank + " has no spatial axis");
    }
    if (p[0] != 0 || p[1] != 0 || p[rank] != 0 || p[rank + 1] != 0) {
      return MatchResult.fail("pads " + Arrays.toString(p) + " touch the batch or channel axis");
    }
    if (Arrays.stream(p).anyMatch(v -> v < 0)) {
      return MatchResult.fail("negative pads " + Arrays.toString(p) + " crop");
    }
    int spatial = rank - 2;
    long[] convPads = conv.attribute("pads").map(a -> a.asLongs().stream().mapToLong(Long::longValue).toArray())
        .orElse(new long[2 * spatial]);
    if (convPads.length != 2 * spatial) {
      return MatchResult.fail("Conv pads " + Arrays.toString(convPads) + " do not fit rank " + rank);
    }
    long[] merged = new long[2 * spatial];
    for (int i = 0; i < spatial; i++) {
      merged[i] = convPads[i] + p[2 + i];
      merged[spatial + i] = convPads[spatial + i] + p[rank + 2 + i];
    }
    return MatchResult.success().bind("pads", merged);
  }

  /** Pads for every axis ([begins…, ends…]), spreading those of an 'axes' input. */
  private static Optional<long[]> perAxis(long[] pads, Optional<Tensor> axesTensor, long rank) {
    if (axesTensor.isEmpty()) {
      return pads.length % 2 == 0 ? Optional.of(pads) : Optional.empty();
    }
    Optional<long[]> given = axesTensor.get().longsIfInteger();
    if (given.isEmpty()) {
      return Optional.empty();
    }
    long[] axes = given.get();
    Optional<long[]> normalized = Axes.normalized(axes, rank);
    if (rank < 0 || normalized.isEmpty() || pads.length != 2 * axes.length) {
      return Optional.empty();
    }
    long[] full = new long[(int) (2 * rank)];
    for (int i = 0; i < axes.length; i++) {
      long a = axes[i] < 0 ? axes[i] + rank : axes[i];
      full[(int) a] = pads[i];
      full[(int) (rank + a)] = pads[axes.length + i];
    }
    return Optional.of(full);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node conv = m.node("conv");
    List<Value> inputs = new ArrayList<>(conv.inputs());
    inputs.set(0, m.value("x"));
    List<Attribute> attributes = new ArrayList<>();
    for (Attribute a : conv.attributes().values()) {
      if (!a.name().equals("pads") && !a.name().equals("auto_pad")) {
        attributes.add(a);
      }
    }
    attributes.add(Attribute.ofInts("pads", m.binding("pads", long[].class)));
    return Replacement.of(r.op("Conv", inputs, attributes, conv.name()));
  }
}
