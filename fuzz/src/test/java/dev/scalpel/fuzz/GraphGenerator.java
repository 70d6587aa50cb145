package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.AttributeSpec;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds small graphs from fuzzer data: operators of the ONNX domain drawn from the schema set at a
 * drawn opset, each with an arity its schema allows, inputs drawn from what the graph has so far,
 * and random values of the schema's attribute kinds (some left out, so defaults apply). Sources are
 * graph inputs with static (some of 2^31 or more), symbolic or unknown dims, or initializers of a few elements whose bytes
 * come from the fuzzer, so shape inference and folding see varied graphs that still load.
 *
 * <p>Deterministic: the same data gives the same graph (schemas are visited in name order).
 */
final class GraphGenerator {
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.standard();
  private static final List<String> OPS = onnxOps();
  private static final DataType[] TYPES = {
    DataType.FLOAT, DataType.INT64, DataType.INT32, DataType.BOOL, DataType.FLOAT16, DataType.DOUBLE,
    DataType.UINT8, DataType.INT8, DataType.BFLOAT16, DataType.UINT64
  };
  private static final String[] STRINGS = {
    "", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect", "edge", "wrap", "nearest",
    "linear", "cubic", "asymmetric", "half_pixel", "align_corners", "pytorch_half_pixel", "tf_crop_and_resize",
    "round_prefer_floor", "floor", "ceil", "DCR", "CRD", "Tanh", "Sigmoid", "Relu", "forward", "reverse",
    "bidirectional", "mean", "max", "sum", "none", "ij,jk->ik", "i,i", "...ii->...i", "tanh", "bilinear",
    "zeros", "border", "reflection", "stretch", "not_larger", "not_smaller", "HALF_TO_EVEN", "xyz"
  };
  private static final int MAX_ELEMENTS = 64;
  /** Declared dims of 2^31 elements or more (issue 13): sizes must be overflow-checked, never allocated. */
  private static final long[] HUGE = {1L << 31, 1L << 32, 1L << 40, Long.MAX_VALUE / 2, Long.MAX_VALUE};

  private final FuzzedDataProvider data;
  private final GraphBuilder b;
  private final long opset;
  private final List<Value> pool = new ArrayList<>();
  private int counter;

  private GraphGenerator(FuzzedDataProvider data, long opset) {
    this.data = data;
    this.opset = opset;
    this.b = GraphBuilder.create(opset);
  }

  /**
   * A graph of up to {@code maxNodes} nodes; with {@code constantSources} every source is an
   * initializer (what folding needs), otherwise some are graph inputs.
   */
  static Model generate(FuzzedDataProvider data, boolean constantSources, int maxNodes) {
    long newest = SCHEMAS.newestOpset(OpId.ONNX_DOMAIN).orElse(21);
    GraphGenerator g = new GraphGenerator(data, data.consumeLong(7, newest));
    return g.build(constantSources, maxNodes);
  }

  private Model build(boolean constantSources, int maxNodes) {
    int sources = data.consumeInt(1, 4);
    for (int i = 0; i < sources; i++) {
      pool.add(constantSources || data.consumeBoolean() ? initializer() : input());
    }
    int nodes = data.consumeInt(1, maxNodes);
    Value last = null;
    for (int i = 0; i < nodes && data.remainingBytes() > 0; i++) {
      List<Value> outs = node();
      if (!outs.isEmpty()) {
        last = outs.get(0);
        pool.addAll(outs);
      }
    }
    b.output(last != null ? last : pool.get(pool.size() - 1));
    if (data.consumeBoolean() && pool.size() > 1) {
      Value extra = pool.get(data.consumeInt(0, pool.size() - 1));
      if (!b.graph().outputs().contains(extra)) {
        b.output(extra);
      }
    }
    return b.model();
  }

  private List<Value> node() {
    String op = OPS.get(data.consumeInt(0, OPS.size() - 1));
    Optional<OpSchema> found = SCHEMAS.lookup(OpId.onnx(op), opset);
    if (found.isEmpty()) {
      return List.of();
    }
    OpSchema s = found.get();
    int maxIn = Math.min(s.maxInput(), s.minInput() + 2);
    int inCount = data.consumeInt(s.minInput(), Math.max(s.minInput(), maxIn));
    List<Value> inputs = new ArrayList<>();
    for (int i = 0; i < inCount; i++) {
      inputs.add(data.consumeBoolean() && data.consumeBoolean() ? intVector() : pick());
    }
    List<Attribute> attrs = new ArrayList<>();
    for (AttributeSpec spec : s.attributes().values()) {
      if (data.consumeBoolean()) {
        attribute(spec).ifPresent(attrs::add);
      }
    }
    int outCount = Math.max(1, data.consumeInt(s.minOutput(), Math.max(s.minOutput(), Math.min(s.maxOutput(), s.minOutput() + 1))));
    return b.ops(op, outCount, inputs, attrs.toArray(Attribute[]::new));
  }

  private Value pick() {
    return pool.get(data.consumeInt(0, pool.size() - 1));
  }

  private Value input() {
    int rank = data.consumeInt(0, 4);
    List<Dim> dims = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      int kind = data.consumeInt(0, 6);
      dims.add(kind == 0 ? Dim.of("n") : kind == 1 ? Dim.unknown() : kind == 2 ? Dim.of(data.pickValue(HUGE))
          : Dim.of(data.consumeLong(0, 6)));
    }
    return b.input("in" + counter++, TYPES[data.consumeInt(0, TYPES.length - 1)], Shape.of(dims));
  }

  private Value initializer() {
    String name = "c" + counter++;
    return b.initializer(name, tensor(name, TYPES[data.consumeInt(0, TYPES.length - 1)]));
  }

  /** A small INT64 vector: the axes, shapes, pads and indices that shape-related inputs take. */
  private Value intVector() {
    String name = "v" + counter++;
    int n = data.consumeInt(0, 5);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = data.consumeLong(-3, 8);
    }
    return b.initializer(name, DenseTensor.ofLongs(name, new long[] {n}, values));
  }

  private Tensor tensor(String name, DataType type) {
    int rank = data.consumeInt(0, 4);
    long[] dims = new long[rank];
    long elements = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = data.consumeLong(0, 4);
      elements *= dims[i];
    }
    if (elements > MAX_ELEMENTS) {
      dims = new long[] {MAX_ELEMENTS};
      elements = MAX_ELEMENTS;
    }
    int bytes = (int) type.byteSize(elements);
    byte[] raw = data.consumeBytes(bytes);
    ByteBuffer buf = ByteBuffer.allocate(bytes);
    buf.put(raw);
    buf.flip();
    buf.limit(bytes);
    return DenseTensor.wrap(name, type, dims, buf);
  }

  private Optional<Attribute> attribute(AttributeSpec spec) {
    String n = spec.name();
    return switch (spec.type()) {
      case INT -> Optional.of(Attribute.of(n, data.consumeLong(-3, 8)));
      case INTS -> Optional.of(Attribute.ofInts(n, longs()));
      case FLOAT -> Optional.of(Attribute.of(n, smallFloat()));
      case FLOATS -> Optional.of(Attribute.ofFloats(n, floats()));
      case STRING -> Optional.of(Attribute.of(n, string()));
      case STRINGS -> Optional.of(Attribute.ofStrings(n, List.of(string(), string()).subList(0, data.consumeInt(0, 2))));
      case TENSOR -> Optional.of(Attribute.of(n, tensor(n, TYPES[data.consumeInt(0, 2)])));
      default -> Optional.empty();
    };
  }

  private long[] longs() {
    long[] v = new long[data.consumeInt(0, 5)];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.consumeLong(-3, 8);
    }
    return v;
  }

  private float[] floats() {
    float[] v = new float[data.consumeInt(0, 5)];
    for (int i = 0; i < v.length; i++) {
      v[i] = smallFloat();
    }
    return v;
  }

  private float smallFloat() {
    return data.pickValue(new float[] {0f, 1f, 0.5f, 2f, -1f, 1e-5f, 3f, Float.NaN, Float.POSITIVE_INFINITY});
  }

  private String string() {
    return data.pickValue(STRINGS);
  }

  private static List<String> onnxOps() {
    TreeSet<String> names = new TreeSet<>();
    for (OpSchema s : SCHEMAS.allLatest()) {
      if (s.opId().isOnnxDomain()) {
        names.add(s.opId().opType());
      }
    }
    return List.copyOf(names);
  }
}
