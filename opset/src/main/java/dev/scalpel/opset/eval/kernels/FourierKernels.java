package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * DFT (opset 17: {@code axis} attribute, default 1; opset 20: {@code axis} input, default -2) and
 * STFT (opset 17) as direct O(n^2) transforms. Signals are real ({@code [..., 1]}) or complex
 * ({@code [..., 2]}, real and imaginary parts) in the last dim; outputs are complex except the
 * inverse one-sided DFT (irfft), which is real.
 *
 * <p>Invariant: every output element is summed in double and rounded once to the input's type.
 * Transforms costing more than {@link #MAX_WORK} multiply-adds are refused as unsupported, so
 * another evaluator (ONNX Runtime) or no fold takes them.
 */
public final class FourierKernels {
  /** The most complex multiply-adds one transform may cost here. */
  static final long MAX_WORK = 1L << 26;

  private FourierKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("DFT", 17, FourierKernels::dft);
    b.add("STFT", 17, FourierKernels::stft);
  }

  private static List<Tensor> dft(EvalContext ctx) {
    NdArray x = NdArray.read(ctx, ctx.input(0));
    requireSignal(ctx, x, 2);
    int rank = x.rank();
    long axis = ctx.opsetVersion() >= 20
        ? (ctx.hasInput(2) ? integerScalar(ctx, 2, "axis") : -2)
        : ctx.intAttribute("axis", 1);
    if (axis < -rank || axis > rank - 2 || (axis < 0 && axis + rank > rank - 2)) {
      throw ctx.fail("axis " + axis + " is out of range for a signal of rank " + rank);
    }
    int a = (int) (axis < 0 ? axis + rank : axis);
    boolean inverse = ctx.intAttribute("inverse", 0) != 0;
    boolean onesided = ctx.intAttribute("onesided", 0) != 0;
    long given = ctx.hasInput(1) ? integerScalar(ctx, 1, "dft_length") : -1;
    int m = (int) x.dim(a);
    long n = given >= 0 ? given : (inverse && onesided ? 2L * (m - 1) : m);
    if (n < 1) {
      throw ctx.fail("dft_length must be positive, is " + n);
    }
    long bins = inverse ? n : (onesided ? n / 2 + 1 : n);
    long[] outDims = x.dims().clone();
    outDims[a] = bins;
    outDims[rank - 1] = inverse && onesided ? 1 : 2;
    requireWithinWork(ctx, x.size() / Math.max(1, x.dim(rank - 1)) / Math.max(1, m) * bins, n);
    NdArray out = NdArray.allocate(ctx, x.type(), outDims);
    int channels = (int) x.dim(rank - 1);
    long outer = 1;
    for (int d = 0; d < a; d++) {
      outer *= x.dim(d);
    }
    long inner = 1;
    for (int d = a + 1; d < rank - 1; d++) {
      inner *= x.dim(d);
    }
    Twiddles w = new Twiddles((int) n, inverse);
    double[] sum = new double[2];
    double[] re = new double[(int) n];
    double[] im = new double[(int) n];
    for (long o = 0; o < outer; o++) {
      for (long i = 0; i < inner; i++) {
        // Gather the line along the axis, truncated or zero-padded to n points.
        java.util.Arrays.fill(re, 0);
        java.util.Arrays.fill(im, 0);
        for (int j = 0; j < Math.min(m, n); j++) {
          int at = (int) (((o * m + j) * inner + i) * channels);
          re[j] = x.getDouble(at);
          im[j] = channels == 2 ? x.getDouble(at + 1) : 0;
        }
        if (inverse && onesided) {
          hermitianExtend(re, im, (int) Math.min(m, n / 2 + 1));
        }
        for (int k = 0; k < bins; k++) {
          w.bin(re, im, k, sum);
          double sumRe = sum[0];
          double sumIm = sum[1];
          if (inverse) {
            sumRe /= n;
            sumIm /= n;
          }
          int at = (int) (((o * bins + k) * inner + i) * outDims[rank - 1]);
          out.setDouble(at, sumRe);
          if (!(inverse && onesided)) {
            out.setDouble(at + 1, sumIm);
          }
        }
      }
    }
    return List.of(out.toTensor());
  }

  /**
   * Fills bins {@code [kept, n)} of a one-sided spectrum from its first {@code kept} bins by
   * conjugate symmetry {@code X[n - k] = conj(X[k])}, as the inverse real transform reads it.
   */
  private static void hermitianExtend(double[] re, double[] im, int kept) {
    int n = re.length;
    for (int k = kept; k < n; k++) {
      re[k] = 0;
      im[k] = 0;
    }
    for (int k = n / 2 + 1; k < n; k++) {
      if (n - k < kept) {
        re[k] = re[n - k];
        im[k] = -im[n - k];
      }
    }
    // NOTE: the imaginary parts of bin 0 (and bin n/2 for even n) only add an imaginary part to
    // the result, which the real output drops, as numpy's irfft does.
  }

  private static List<Tensor> stft(EvalContext ctx) {
    NdArray signal = NdArray.read(ctx, ctx.input(0));
    requireSignal(ctx, signal, 3);
    if (signal.rank() != 3) {
      throw ctx.fail("signal must have rank 3 [batch, length, 1|2], has rank " + signal.rank());
    }
    long step = integerScalar(ctx, 1, "frame_step");
    if (step < 1) {
      throw ctx.fail("frame_step must be positive, is " + step);
    }
    NdArray window = ctx.hasInput(2) ? NdArray.read(ctx, ctx.input(2)) : null;
    if (window != null && (window.rank() != 1 || window.kind() != NdArray.Kind.REAL)) {
      throw ctx.fail("window must be a 1-D floating-point tensor");
    }
    long length = ctx.hasInput(3) ? integerScalar(ctx, 3, "frame_length") : -1;
    if (length < 0) {
      if (window == null) {
        throw ctx.fail("needs a window or a frame_length");
      }
      length = window.dim(0);
    } else if (window != null && window.dim(0) != length) {
      throw ctx.fail("window has " + window.dim(0) + " elements, frame_length is " + length);
    }
    long signalLength = signal.dim(1);
    if (length < 1 || length > signalLength) {
      throw ctx.fail("frame_length " + length + " is outside [1, " + signalLength + "]");
    }
    boolean onesided = ctx.intAttribute("onesided", 1) != 0;
    long batch = signal.dim(0);
    long frames = 1 + (signalLength - length) / step;
    long bins = onesided ? length / 2 + 1 : length;
    int channels = (int) signal.dim(2);
    requireWithinWork(ctx, batch * frames * bins, length);
    NdArray out = NdArray.allocate(ctx, signal.type(), new long[] {batch, frames, bins, 2});
    Twiddles w = new Twiddles((int) length, false);
    double[] sum = new double[2];
    int n = (int) length;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int b = 0; b < batch; b++) {
      for (int f = 0; f < frames; f++) {
        for (int t = 0; t < n; t++) {
          int at = (int) ((b * signalLength + f * step + t) * channels);
          double scale = window == null ? 1 : window.getDouble(t);
          re[t] = signal.getDouble(at) * scale;
          im[t] = channels == 2 ? signal.getDouble(at + 1) * scale : 0;
        }
        for (int k = 0; k < bins; k++) {
          w.bin(re, im, k, sum);
          double sumRe = sum[0];
          double sumIm = sum[1];
          int at = (int) (((b * frames + f) * bins + k) * 2);
          out.setDouble(at, sumRe);
          out.setDouble(at + 1, sumIm);
        }
      }
    }
    return List.of(out.toTensor());
  }

  /** {@code cos} and {@code sin} of {@code -+2 pi q / n} for {@code q} in {@code [0, n)}. */
  private static final class Twiddles {
    final double[] cos;
    final double[] sin;

    Twiddles(int n, boolean inverse) {
      cos = new double[n];
      sin = new double[n];
      for (int q = 0; q < n; q++) {
        double angle = 2 * Math.PI * q / n;
        cos[q] = Math.cos(angle);
        sin[q] = inverse ? Math.sin(angle) : -Math.sin(angle);
      }
    }

    /**
     * Bin {@code k} of the direct transform of {@code (re, im)}, summed in double, into {@code
     * sum[0]} (real) and {@code sum[1]} (imaginary); unscaled.
     */
    void bin(double[] re, double[] im, int k, double[] sum) {
      int n = cos.length;
      double sumRe = 0;
      double sumIm = 0;
      for (int t = 0; t < n; t++) {
        int q = (int) ((long) k * t % n);
        sumRe += re[t] * cos[q] - im[t] * sin[q];
        sumIm += re[t] * sin[q] + im[t] * cos[q];
      }
      sum[0] = sumRe;
      sum[1] = sumIm;
    }
  }

  private static void requireSignal(EvalContext ctx, NdArray x, int minRank) {
    if (x.kind() != NdArray.Kind.REAL) {
      throw ctx.fail("the signal must be floating-point, is " + x.type().displayName());
    }
    if (x.rank() < minRank || (x.dim(x.rank() - 1) != 1 && x.dim(x.rank() - 1) != 2)) {
      throw ctx.fail("the signal's last dim must be 1 (real) or 2 (complex), shape is "
          + java.util.Arrays.toString(x.dims()));
    }
  }

  private static void requireWithinWork(EvalContext ctx, long outputs, long n) {
    if (n > MAX_WORK || outputs > MAX_WORK || outputs * n > MAX_WORK) {
      throw ctx.unsupported("a direct transform of " + outputs + " bins of " + n + " points is too costly here");
    }
  }

  private static long integerScalar(EvalContext ctx, int input, String name) {
    NdArray v = NdArray.read(ctx, ctx.input(input));
    if (v.size() != 1 || v.kind() != NdArray.Kind.INTEGRAL) {
      throw ctx.fail(name + " must be an integer scalar");
    }
    return v.getLong(0);
  }
}
