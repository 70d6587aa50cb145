package dev.scalpel.runtime;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.PackedElements;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Outputs ONNX Runtime computes but its Java API cannot hand back: it reports INT4, UINT4, INT2
 * and UINT2 tensors as of undefined type. Such an output of a model Scalpel builds for ONNX Runtime
 * is read through a Cast to the 8-bit integer of the same signedness ({@link #widen}) and narrowed
 * back ({@link #narrow}); both steps are exact, since every 4- and 2-bit value is an 8-bit one.
 */
final class WidenedOutputs {
  private WidenedOutputs() {}

  /** The type an output of {@code type} is read as, if it must be widened. */
  static Optional<DataType> carrier(DataType type) {
    return switch (type) {
      case INT4, INT2 -> Optional.of(DataType.INT8);
      case UINT4, UINT2 -> Optional.of(DataType.UINT8);
      default -> Optional.empty();
    };
  }

  /**
   * Replaces graph output {@code index} of {@code g}, a value of a type {@link #carrier} widens, by
   * a Cast of it to the carrier; returns the new output.
   */
  static Value widen(Graph g, int index, DataType type) {
    DataType wide = carrier(type).orElseThrow();
    Value narrow = g.outputs().get(index);
    // NOTE: a null output name is named freshly by the graph, so it cannot collide.
    Node cast = g.append(new Node(null, "Cast", List.of(narrow), Arrays.asList((String) null),
        List.of(Attribute.of("to", (long) wide.code()))));
    Value out = cast.output(0);
    out.setType(new ValueType.TensorType(wide, null));
    g.setOutput(index, out);
    return out;
  }

  /** {@code wide}, an 8-bit tensor that {@link #widen} produced, as a tensor of {@code type}. */
  static Tensor narrow(Tensor wide, DataType type) {
    int n = wide.arrayLength();
    ByteBuffer src = wide.data();
    byte[] packed = new byte[Math.toIntExact(type.byteSize(n))];
    for (int i = 0; i < n; i++) {
      PackedElements.put(packed, type, i, src.get(src.position() + i));
    }
    return DenseTensor.wrap(wide.name(), type, wide.dims(), ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN));
  }
}
