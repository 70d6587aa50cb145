package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scan: runs the body once per position of the scan axis, the state variables carried from one
 * run to the next, each scan input sliced at that position (counted from the end where its direction
 * is 1), and each scan output slice stacked along its output axis (in reverse where its direction is
 * 1). From opset 9 the N state inputs come first and the M = {@code num_scan_inputs} scan inputs
 * follow, scanned along {@code scan_input_axes}; Scan-8 has a batch axis in front of every input and
 * output, an optional {@code sequence_lens} input first, and scans axis 1 of each batch entry.
 *
 * <p>Invariant: a scan of length 0 (no slice to give the outputs a shape) and Scan-8 sequences of
 * unequal length are refused; the body runs under {@link BodyEvaluation}'s rules.
 */
public final class ScanKernel {
  private ScanKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("Scan", 8, ScanKernel::scan8);
    b.add("Scan", 9, ScanKernel::scan9);
  }

  private static List<Tensor> scan9(EvalContext ctx) {
    int m = (int) ctx.intAttribute("num_scan_inputs", -1);
    int n = ctx.inputCount() - m;
    if (m < 1 || n < 0) {
      throw ctx.fail("num_scan_inputs " + m + " does not fit " + ctx.inputCount() + " inputs");
    }
    List<NdArray> states = new ArrayList<>();
    List<NdArray> scanned = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      (i < n ? states : scanned).add(NdArray.read(ctx, ctx.input(i)));
    }
    long[] inAxes = ctx.intsAttribute("scan_input_axes").orElse(new long[m]);
    long[] inDirections = ctx.intsAttribute("scan_input_directions").orElse(new long[m]);
    int k = ctx.outputCount() - n;
    long[] outAxes = ctx.intsAttribute("scan_output_axes").orElse(new long[Math.max(k, 0)]);
    long[] outDirections = ctx.intsAttribute("scan_output_directions").orElse(new long[Math.max(k, 0)]);
    if (inAxes.length != m || inDirections.length != m || k < 0 || outAxes.length != k || outDirections.length != k) {
      throw ctx.fail("scan axes and directions do not match the scan inputs and outputs");
    }
    return run(ctx, ctx.attribute("body").orElseThrow(() -> ctx.fail("no body")).asGraph(), states, scanned,
        inAxes, inDirections, outAxes, outDirections).stream().map(NdArray::toTensor).toList();
  }

  private static List<Tensor> scan8(EvalContext ctx) {
    int m = (int) ctx.intAttribute("num_scan_inputs", -1);
    int n = ctx.inputCount() - 1 - m;
    if (m < 1 || n < 0) {
      throw ctx.fail("num_scan_inputs " + m + " does not fit " + ctx.inputCount() + " inputs");
    }
    long[] directions = ctx.intsAttribute("directions").orElse(new long[m]);
    int k = ctx.outputCount() - n;
    if (directions.length != m || k < 0) {
      throw ctx.fail("directions do not match the scan inputs");
    }
    List<NdArray> inputs = new ArrayList<>();
    for (int i = 1; i < ctx.inputCount(); i++) {
      inputs.add(NdArray.read(ctx, ctx.input(i)));
    }
    long batch = inputs.get(0).rank() == 0 ? -1 : inputs.get(0).dim(0);
    for (NdArray a : inputs) {
      if (a.rank() < 1 || a.dim(0) != batch) {
        throw ctx.fail("every state and scan input needs the batch axis " + batch);
      }
    }
    long seq = inputs.get(n).rank() < 2 ? -1 : inputs.get(n).dim(1);
    if (ctx.hasInput(0)) {
      for (long len : ctx.input(0).toLongArray()) {
        if (len != seq) {
          throw ctx.fail("sequence_lens other than the full length " + seq + " are not evaluated");
        }
      }
    }
    Graph body = ctx.attribute("body").orElseThrow(() -> ctx.fail("no body")).asGraph();
    List<List<NdArray>> perBatch = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      List<NdArray> states = new ArrayList<>();
      List<NdArray> scanned = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        (i < n ? states : scanned).add(take(ctx, inputs.get(i), 0, b));
      }
      perBatch.add(run(ctx, body, states, scanned, new long[m], directions, new long[k], new long[k]));
    }
    if (perBatch.isEmpty()) {
      throw ctx.fail("a batch of 0 gives the outputs no shape to evaluate");
    }
    List<Tensor> out = new ArrayList<>();
    for (int o = 0; o < n + k; o++) {
      List<NdArray> entries = new ArrayList<>();
      for (List<NdArray> r : perBatch) {
        entries.add(r.get(o));
      }
      out.add(stack(ctx, entries, 0).toTensor());
    }
    return out;
  }

  /** The Scan-9 loop: final states followed by the stacked scan outputs. */
  private static List<NdArray> run(EvalContext ctx, Graph body, List<NdArray> states, List<NdArray> scanned,
      long[] inAxes, long[] inDirections, long[] outAxes, long[] outDirections) {
    int[] axes = new int[scanned.size()];
    long length = -1;
    for (int j = 0; j < scanned.size(); j++) {
      axes[j] = AxisArguments.normalize(ctx, inAxes[j], scanned.get(j).rank());
      long d = scanned.get(j).dim(axes[j]);
      if (length >= 0 && d != length) {
        throw ctx.fail("scan inputs of lengths " + length + " and " + d);
      }
      length = d;
    }
    if (length <= 0) {
      throw ctx.fail("a scan of length 0 gives the outputs no shape to evaluate");
    }
    List<NdArray> carried = new ArrayList<>(states);
    List<List<NdArray>> slices = new ArrayList<>();
    for (int o = 0; o < outAxes.length; o++) {
      slices.add(new ArrayList<>());
    }
    for (int t = 0; t < length; t++) {
      List<Tensor> args = new ArrayList<>();
      carried.forEach(s -> args.add(s.toTensor()));
      for (int j = 0; j < scanned.size(); j++) {
        long at = inDirections[j] == 1 ? length - 1 - t : t;
        args.add(take(ctx, scanned.get(j), axes[j], at).toTensor());
      }
      List<Tensor> results = BodyEvaluation.run(ctx, body, args);
      if (results.size() != carried.size() + outAxes.length) {
        throw ctx.fail("the body gives " + results.size() + " outputs, the node expects "
            + (carried.size() + outAxes.length));
      }
      for (int s = 0; s < carried.size(); s++) {
        carried.set(s, NdArray.read(ctx, results.get(s)));
      }
      for (int o = 0; o < outAxes.length; o++) {
        slices.get(o).add(NdArray.read(ctx, results.get(carried.size() + o)));
      }
    }
    List<NdArray> out = new ArrayList<>(carried);
    for (int o = 0; o < outAxes.length; o++) {
      List<NdArray> parts = slices.get(o);
      if (outDirections[o] == 1) {
        java.util.Collections.reverse(parts);
      }
      int axis = AxisArguments.normalize(ctx, outAxes[o], parts.get(0).rank() + 1);
      out.add(stack(ctx, parts, axis));
    }
    return out;
  }

  /** {@code a} at position {@code index} of {@code axis}, that axis removed. */
  private static NdArray take(EvalContext ctx, NdArray a, int axis, long index) {
    long[] dims = a.dims();
    long[] out = new long[dims.length - 1];
    for (int i = 0, o = 0; i < dims.length; i++) {
      if (i != axis) {
        out[o++] = dims[i];
      }
    }
    long[] strides = Strides.of(dims);
    long[] kept = new long[out.length];
    for (int i = 0, o = 0; i < dims.length; i++) {
      if (i != axis) {
        kept[o++] = strides[i];
      }
    }
    int[] sources = Odometer.offsets(out, kept, (int) (index * strides[axis]));
    return a.select(ctx, out, sources);
  }

  /** The parts, all of one type and shape, stacked along a new {@code axis}. */
  private static NdArray stack(EvalContext ctx, List<NdArray> parts, int axis) {
    NdArray first = parts.get(0);
    long[] partDims = first.dims();
    for (NdArray p : parts) {
      if (p.type() != first.type() || !Arrays.equals(p.dims(), partDims)) {
        throw ctx.fail("scan output slices differ in type or shape");
      }
    }
    long[] dims = new long[partDims.length + 1];
    for (int i = 0, s = 0; i < dims.length; i++) {
      dims[i] = i == axis ? parts.size() : partDims[s++];
    }
    NdArray out = NdArray.allocate(ctx, first.type(), dims);
    long[] strides = Strides.of(dims);
    long[] partStrides = new long[partDims.length];
    for (int i = 0, s = 0; i < dims.length; i++) {
      if (i != axis) {
        partStrides[s++] = strides[i];
      }
    }
    for (int p = 0; p < parts.size(); p++) {
      int[] targets = Odometer.offsets(partDims, partStrides, (int) (p * strides[axis]));
      for (int e = 0; e < targets.length; e++) {
        out.copy(parts.get(p), e, targets[e]);
      }
    }
    return out;
  }
}
