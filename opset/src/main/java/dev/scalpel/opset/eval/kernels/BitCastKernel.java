package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * BitCast-26: the input's little-endian bytes read as the element type {@code to}, which must have
 * the same bit width; the shape is kept. Strings are refused, and so is a bool result from a byte
 * other than 0 or 1 (not a bool ONNX defines).
 */
public final class BitCastKernel {
  private BitCastKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("BitCast", 26, BitCastKernel::bitCast);
  }

  private static List<Tensor> bitCast(EvalContext ctx) {
    Tensor in = ctx.input(0);
    long code = ctx.intAttribute("to", 0);
    DataType to = DataType.fromCode((int) code).orElseThrow(() -> ctx.fail("unknown element type code " + code));
    DataType from = in.dataType();
    if (from == DataType.STRING || to == DataType.STRING) {
      throw ctx.fail("strings have no bit pattern to reinterpret");
    }
    if (from.bitWidth() != to.bitWidth()) {
      throw ctx.fail(from.displayName() + " (" + from.bitWidth() + " bits) and " + to.displayName() + " ("
          + to.bitWidth() + " bits) differ in width");
    }
    ctx.reserve(in.elementCount());
    ByteBuffer src = in.data().order(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = new byte[src.remaining()];
    src.duplicate().get(bytes);
    if (to == DataType.BOOL) {
      for (byte x : bytes) {
        if (x != 0 && x != 1) {
          throw ctx.fail("byte " + x + " is not a bool (0 or 1)");
        }
      }
    }
    return List.of(DenseTensor.wrap("", to, in.dims(), ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)));
  }
}
