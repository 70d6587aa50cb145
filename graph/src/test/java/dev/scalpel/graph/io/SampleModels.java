package dev.scalpel.graph.io;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Small models built in code for the writer tests: one graph input {@code X} of UINT8, then one
 * {@code Add} per initializer, in order, so every initializer is read by a node.
 */
final class SampleModels {
  private SampleModels() {}

  /** A model whose initializers are {@code tensors}, each a 1-D UINT8 tensor (or any 1-D tensor). */
  static Model chain(List<? extends Tensor> tensors) {
    Graph g = new Graph("main");
    Value x = g.addInput(new Value("X", new ValueType.TensorType(DataType.UINT8, Shape.of(dev.scalpel.graph.Dim.of("n")))));
    Value current = x;
    int i = 0;
    for (Tensor t : tensors) {
      Value w = g.addInitializer(new Value(t.name()), t);
      Node add = g.append(new Node(null, "Add", List.of(current, w), List.of("sum" + i++), List.of()));
      add.setName("add_" + t.name());
      current = add.output(0);
    }
    g.addOutput(current);
    Model m = new Model(g);
    m.setIrVersion(8);
    m.opsetImports().set("", 17);
    return m;
  }

  /** A 1-D UINT8 tensor of {@code size} bytes whose byte {@code i} is {@code (seed + i) % 251}. */
  static DenseTensor bytes(String name, int size, int seed) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < size; i++) {
      b.put((byte) ((seed + i) % 251));
    }
    b.flip();
    return DenseTensor.wrap(name, DataType.UINT8, new long[] {size}, b);
  }
}
