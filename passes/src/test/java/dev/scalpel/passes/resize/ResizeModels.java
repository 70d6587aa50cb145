package dev.scalpel.passes.resize;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small models with one Upsample or Resize of baked scale 2 on H and W, in the form each opset
 * writes (reference B.1), x: float[1,1,3,4] then Relu. Nearest with asymmetric coordinates and
 * floor rounding everywhere, so that output (i, j) is input (floor(i/f), floor(j/f)) for an
 * integer factor f in every version.
 */
public final class ResizeModels {
  private ResizeModels() {}

  /** The forms the tests cover: opset and how the scale is baked in. */
  public enum Form {
    UPSAMPLE_7(7), UPSAMPLE_9(9), RESIZE_10(10), RESIZE_11(11), RESIZE_13(13), RESIZE_13_SIZES(13),
    RESIZE_18_AXES(18), RESIZE_19(19);

    public final long opset;

    Form(long opset) {
      this.opset = opset;
    }
  }

  public static Model of(Form form) {
    GraphBuilder b = GraphBuilder.create(form.opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    List<Attribute> attrs = new ArrayList<>();
    attrs.add(Attribute.of("mode", "nearest"));
    List<Value> in = new ArrayList<>();
    in.add(x);
    java.util.function.Supplier<Value> scales4 = () -> b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    String op = "Resize";
    switch (form) {
      case UPSAMPLE_7 -> {
        op = "Upsample";
        attrs.add(Attribute.ofFloats("scales", 1f, 1f, 2f, 2f));
      }
      case UPSAMPLE_9 -> {
        op = "Upsample";
        in.add(scales4.get());
      }
      case RESIZE_10 -> in.add(scales4.get());
      case RESIZE_11 -> {
        in.add(b.constant(DenseTensor.ofFloats("roi", new long[] {0})));
        in.add(scales4.get());
      }
      case RESIZE_13, RESIZE_19 -> {
        in.add(null);
        in.add(scales4.get());
      }
      case RESIZE_13_SIZES -> {
        in.add(null);
        in.add(null);
        in.add(b.constant(DenseTensor.vector("sizes", 1, 1, 6, 8)));
      }
      case RESIZE_18_AXES -> {
        in.add(null);
        in.add(b.constant(DenseTensor.ofFloats("scales", new long[] {2}, 2f, 2f)));
        attrs.add(Attribute.ofInts("axes", 2, 3));
      }
      default -> throw new IllegalStateException();
    }
    if (form.opset >= 11) {
      attrs.add(Attribute.of("coordinate_transformation_mode", "asymmetric"));
      attrs.add(Attribute.of("nearest_mode", "floor"));
    }
    Value y = b.node(op, in, 1, attrs.toArray(new Attribute[0])).output(0);
    y.setType(dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.of(1, 1, 6, 8)));
    Value z = b.op("Relu", y);
    z.setType(dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.of(1, 1, 6, 8)));
    b.output(z);
    return b.model();
  }

  /** Nearest (asymmetric, floor) resize of an NCHW tensor by integer factor f on H and W, by hand. */
  public static float[] nearest(float[] x, int n, int c, int h, int w, int f) {
    float[] out = new float[n * c * h * f * w * f];
    int k = 0;
    for (int i = 0; i < n * c; i++) {
      for (int r = 0; r < h * f; r++) {
        for (int col = 0; col < w * f; col++) {
          out[k++] = x[i * h * w + (r / f) * w + col / f];
        }
      }
    }
    return out;
  }

  public static String describe(float[] a) {
    return Arrays.toString(a);
  }
}
