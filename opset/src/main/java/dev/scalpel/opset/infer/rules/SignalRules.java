package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signal processing: DFT (axis an attribute at 17, an input from 20), STFT, the window functions
 * and MelWeightMatrix. Complex values are a trailing dim of 2; onesided transforms keep
 * {@code floor(n/2)+1} bins. Sizes given as runtime values become fresh symbols when unknown.
 */
public final class SignalRules {
  private SignalRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("DFT", 17, ctx -> dft(ctx, Optional.of(ctx.intAttribute("axis", 1))));
    b.add("DFT", 20, ctx -> dft(ctx, ctx.hasInput(2)
        ? ctx.inputLongs(2).filter(v -> v.length == 1).map(v -> v[0]) : Optional.of(-2L)));
    b.add("STFT", 17, SignalRules::stft);
    b.addAll(SignalRules::window, "HannWindow", "HammingWindow", "BlackmanWindow");
    b.add("MelWeightMatrix", 17, SignalRules::melWeightMatrix);
  }

  /** A size given as a scalar (or one-element) integer input: its value, else a fresh symbol. */
  private static SymExpr sizeInput(InferenceContext ctx, int input, String hint) {
    return ctx.inputValue(input).filter(v -> v.size() == 1 && v.get(0) != null).map(v -> v.get(0))
        .orElseGet(() -> ctx.freshSymbol(hint));
  }

  private static SymExpr onesidedBins(SymExpr n) {
    return n.floorDiv(2).plus(1);
  }

  /**
   * DFT's output: the input with the transformed axis resized and the last dim the complex pair
   * (2), except for the inverse one-sided transform (IRFFT), whose output is real (last dim 1).
   * The transform length n is dft_length when given, else the axis' size, except for IRFFT,
   * whose input holds the one-sided spectrum of a signal of default length {@code 2*(size-1)}.
   * The axis then has n elements, or {@code floor(n/2)+1} for the forward one-sided transform.
   */
  static void dft(InferenceContext ctx, Optional<Long> axisValue) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    if (x.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    boolean onesided = ctx.intAttribute("onesided", 0) != 0;
    boolean inverse = ctx.intAttribute("inverse", 0) != 0;
    boolean irfft = onesided && inverse;
    int rank = x.get().rank();
    List<SymExpr> out = new ArrayList<>(x.get().dims());
    out.set(rank - 1, SymExpr.of(irfft ? 1 : 2));
    if (axisValue.isEmpty()) {
      // NOTE: a runtime axis leaves open which dim changes.
      for (int i = 0; i < rank - 1; i++) {
        out.set(i, null);
      }
      ctx.setOutput(0, type.get(), SymShape.of(out));
      return;
    }
    int axis = TensorAxes.normalize(axisValue.get(), rank).orElse(-1);
    if (axis < 0 || axis == rank - 1) {
      ctx.fail("DFT axis " + axisValue.get() + " out of range for rank " + rank);
      return;
    }
    SymExpr size = out.get(axis);
    SymExpr n;
    if (ctx.hasInput(1)) {
      n = sizeInput(ctx, 1, "dft_length");
    } else if (irfft) {
      n = size == null ? null : size.minus(1).times(2);
    } else {
      n = size;
    }
    out.set(axis, onesided && !inverse && n != null ? onesidedBins(n) : n);
    ctx.setOutput(0, type.get(), SymShape.of(out));
  }

  /** {@code [batch, frames, bins, 2]} from the signal, frame step and frame length or window. */
  static void stft(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> signal = ctx.inputShape(0).filter(s -> s.rank() == 3);
    SymExpr batch = signal.map(s -> s.dim(0)).orElse(null);
    SymExpr length = signal.map(s -> s.dim(1)).orElse(null);
    SymExpr frameLength = ctx.hasInput(3)
        ? ctx.inputValue(3).filter(v -> v.size() == 1).map(v -> v.get(0)).orElse(null)
        : ctx.inputShape(2).filter(s -> s.rank() == 1).map(s -> s.dim(0)).orElse(null);
    if (frameLength == null) {
      frameLength = ctx.freshSymbol("frame_length");
    }
    Optional<long[]> step = ctx.inputLongs(1).filter(v -> v.length == 1 && v[0] > 0);
    SymExpr frames = length != null && step.isPresent()
        ? length.minus(frameLength).floorDiv(step.get()[0]).plus(1)
        : ctx.freshSymbol("stft_frames");
    boolean onesided = ctx.intAttribute("onesided", 1) != 0;
    SymExpr bins = onesided ? onesidedBins(frameLength) : frameLength;
    ctx.setOutput(0, type.get(), SymShape.of(batch, frames, bins, SymExpr.of(2)));
  }

  private static DataType outputDatatype(InferenceContext ctx) {
    return DataType.fromCode((int) ctx.intAttribute("output_datatype", 1)).orElse(DataType.FLOAT);
  }

  static void window(InferenceContext ctx) {
    ctx.setOutput(0, outputDatatype(ctx), SymShape.of(sizeInput(ctx, 0, "window_size")));
  }

  /** {@code [floor(dft_length/2)+1, num_mel_bins]}. */
  static void melWeightMatrix(InferenceContext ctx) {
    SymExpr bins = sizeInput(ctx, 0, "num_mel_bins");
    SymExpr dftLength = sizeInput(ctx, 1, "dft_length");
    ctx.setOutput(0, outputDatatype(ctx), SymShape.of(onesidedBins(dftLength), bins));
  }
}
