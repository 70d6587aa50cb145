package dev.scalpel.passes.fold;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Tiny models (under 1 KB) that ask for gigabytes: each resource-exhaustion case of issue 13 as a
 * generator. {@link #main} writes them all to a folder ({@code runaway/*.onnx}) for runs of the
 * command line by hand, e.g. under {@code JAVA_OPTS=-Xmx512m}.
 */
public final class RunawayModels {
  private RunawayModels() {}

  /** y = Concat(Concat(...Concat(x, x)..., ...)): {@code levels} doublings of x = float[1]; 4·2^levels bytes. */
  public static Model concatDoubling(int levels) {
    GraphBuilder b = GraphBuilder.create(13);
    Value v = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1}, 1f));
    for (int i = 0; i < levels; i++) {
      v = b.op("Concat", List.of(v, v), Attribute.of("axis", 0L));
    }
    return withOutput(b, v);
  }

  /**
   * y = z_levels with z_{k+1} = Concat(z_k, Neg(z_k)), z_0 = float[1]: the same doubling as {@link
   * #concatDoubling} with two distinct inputs of each Concat, so counting distinct inputs alone
   * does not stop it.
   */
  public static Model concatNegDoubling(int levels) {
    GraphBuilder b = GraphBuilder.create(13);
    Value v = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1}, 1f));
    for (int i = 0; i < levels; i++) {
      v = b.op("Concat", List.of(v, b.op("Neg", v)), Attribute.of("axis", 0L));
    }
    return withOutput(b, v);
  }

  /** y = Pad(float[1], pads [0, n]): n+1 floats from 24 bytes of constants (Pad has no Java kernel). */
  public static Model hugePad(long n) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1}, 1f));
    Value pads = b.initializer("pads", DenseTensor.vector("pads", 0, n));
    return withOutput(b, b.op("Pad", x, pads));
  }

  /** y = Resize(float[1,1,1,1], scales [1,1,s,s]) (nearest): s·s floats. */
  public static Model hugeResize(float s) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 1, 1}, 1f));
    Value roi = b.initializer("roi", DenseTensor.ofFloats("roi", new long[] {0}));
    Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, s, s));
    return withOutput(b, b.op("Resize", x, roi, scales));
  }

  /**
   * y = Gemm(ConstantOfShape([n,1]), ConstantOfShape([1,n])) of float ones: an outer product of
   * n·n floats from two n-float constants (Gemm has no Java kernel, so the fallback's forecast decides).
   */
  public static Model outerProduct(long n) {
    GraphBuilder b = GraphBuilder.create(13);
    Attribute one = Attribute.of("value", DenseTensor.ofFloats("one", new long[] {1}, 1f));
    Value col = b.op("ConstantOfShape", List.of(b.initializer("col", DenseTensor.vector("col", n, 1))), one);
    Value row = b.op("ConstantOfShape", List.of(b.initializer("row", DenseTensor.vector("row", 1, n))), one);
    return withOutput(b, b.op("Gemm", col, row));
  }

  /** y = Neg(x) with x declared float[side, side]: the check's input alone is 4·side² bytes. */
  public static Model declaredHugeInput(long side) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(side, side));
    return withOutput(b, b.op("Neg", x));
  }

  /** y = Expand(x, [rows, cols]) with x float[1]: a 4-byte input whose run produces 4·rows·cols bytes. */
  public static Model hugeRunOutput(long rows, long cols) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1));
    Value shape = b.initializer("shape", DenseTensor.vector("shape", rows, cols));
    return withOutput(b, b.op("Expand", x, shape));
  }

  private static Model withOutput(GraphBuilder b, Value y) {
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** Writes every model at its runaway size to {@code args[0]} (default {@code runaway}). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "runaway");
    Files.createDirectories(dir);
    for (Object[] m : Arrays.asList(
        new Object[] {"concat_doubling", concatDoubling(30)},
        new Object[] {"concat_neg_doubling", concatNegDoubling(30)},
        new Object[] {"huge_pad", hugePad(1L << 30)},
        new Object[] {"huge_resize", hugeResize(32768f)},
        new Object[] {"outer_product", outerProduct(1L << 15)},
        new Object[] {"declared_huge_input", declaredHugeInput(16384)},
        new Object[] {"huge_run_output", hugeRunOutput(1L << 16, 1L << 15)})) {
      Path file = dir.resolve(m[0] + ".onnx");
      OnnxWriter.write((Model) m[1], file);
      System.out.println(file + " " + Files.size(file) + " bytes");
    }
  }
}
