package dev.scalpel.runtime.audit;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tallies how inferred tensor types agree with the tensors ONNX Runtime produced: same element
 * type, same rank, every static dim equal, every symbolic dim whose symbols the run bound
 * evaluating to the real size. Dims with a symbol the run did not bind (a data-dependent size that
 * inference named freshly) are skipped and counted; those whose unbound symbols all appeared
 * earlier in the run as a whole dim are also checked against the sizes seen there. Unknown dims
 * claim nothing and are counted, not held against inference. Values must be compared in
 * topological order. Not thread-safe; one per model.
 */
final class ShapeAgreement {
  private final List<ShapeContradiction> mismatches = new ArrayList<>();
  private final Set<String> unbound = new TreeSet<>();
  /** Run → unbound symbol → the size it had where it first appeared as a whole dim. */
  private final Map<Integer, Map<String, Long>> learned = new HashMap<>();
  private int valuesChecked;
  private int dimsChecked;
  private int symbolicEvaluated;
  private int freshSkipped;
  private int freshConsistent;
  private int staticChecked;
  private int unknownDims;
  private int unknownRanks;

  /**
   * Compares value {@code name} (produced by {@code node}) of run {@code run}: its inferred {@code
   * type} against {@code actual} (null when ONNX Runtime did not produce it), with {@code
   * symbols} the sizes the run bound.
   */
  void compare(String name, String node, ValueType.TensorType type, Tensor actual, int run, Map<String, Long> symbols) {
    valuesChecked++;
    String inferred = String.valueOf(type.shape());
    if (actual == null) {
      mismatches.add(new ShapeContradiction(name, node, inferred, "nothing", run, "not produced"));
      return;
    }
    String real = Arrays.toString(actual.dims());
    if (type.elementType() != DataType.UNDEFINED && type.elementType() != actual.dataType()) {
      mismatches.add(new ShapeContradiction(name, node, type.elementType().toString(), actual.dataType().toString(), run,
          "element type"));
    }
    Shape shape = type.shape();
    long[] dims = actual.dims();
    if (shape == null) {
      // NOTE: an unknown rank claims nothing, like an unknown dim.
      unknownRanks++;
      return;
    }
    if (shape.rank() != dims.length) {
      mismatches.add(new ShapeContradiction(name, node, inferred, real, run, "rank"));
      return;
    }
    for (int axis = 0; axis < dims.length; axis++) {
      dimsChecked++;
      String why = disagreement(shape.dim(axis), dims[axis], run, symbols);
      if (why != null) {
        mismatches.add(new ShapeContradiction(name, node, inferred, real, run, "axis " + axis + ": " + why));
      }
    }
  }

  /** Why {@code dim} is not {@code size}, or null when it agrees (or cannot be evaluated). */
  private String disagreement(Dim dim, long size, int run, Map<String, Long> symbols) {
    if (dim instanceof Dim.Static s) {
      staticChecked++;
      return s.value() == size ? null : "static " + s.value() + " is " + size;
    }
    if (!(dim instanceof Dim.Symbolic s)) {
      unknownDims++;
      return null;
    }
    SymExpr e = SymExpr.parse(s.name());
    if (symbols.keySet().containsAll(e.symbols())) {
      symbolicEvaluated++;
      return evaluated(s.name(), e, size, symbols);
    }
    // NOTE: a symbol no input binds is a fresh data-dependent size (or an output's own dim_param);
    // nothing evaluates it. Its first appearance as a whole dim is taken as its value in this run,
    // so that every later dim using it can at least be checked for consistency.
    Map<String, Long> known = new HashMap<>(symbols);
    known.putAll(learned.computeIfAbsent(run, r -> new HashMap<>()));
    e.symbols().stream().filter(x -> !symbols.containsKey(x)).forEach(unbound::add);
    if (known.keySet().containsAll(e.symbols())) {
      freshConsistent++;
      return evaluated(s.name(), e, size, known);
    }
    freshSkipped++;
    if (e.equals(SymExpr.symbol(s.name()))) {
      learned.get(run).put(s.name(), size);
    }
    return null;
  }

  private static String evaluated(String text, SymExpr e, long size, Map<String, Long> symbols) {
    OptionalLong v = e.evaluate(symbols);
    if (v.isEmpty()) {
      return text + " cannot be evaluated at " + symbols;
    }
    return v.getAsLong() == size ? null : text + " = " + v.getAsLong() + " at " + symbols + ", real " + size;
  }

  /** The symbols of skipped dims that no run bound. */
  Set<String> unboundSymbols() {
    return java.util.Collections.unmodifiableSet(unbound);
  }

  List<ShapeContradiction> mismatches() {
    return List.copyOf(mismatches);
  }

  int valueRunsChecked() {
    return valuesChecked;
  }

  int dimsChecked() {
    return dimsChecked;
  }

  int staticDimsChecked() {
    return staticChecked;
  }

  int symbolicDimsEvaluated() {
    return symbolicEvaluated + freshConsistent;
  }

  int freshDimsSkipped() {
    return freshSkipped;
  }

  int unknownDims() {
    return unknownDims;
  }

  /** Value-runs whose inferred type had no shape at all. */
  int unknownRanks() {
    return unknownRanks;
  }

  /** One line: values (once per run) and dims checked, symbolic dims evaluated, fresh-symbol dims skipped, mismatches. */
  String summary() {
    return valuesChecked + " value-runs checked, " + dimsChecked + " dims checked (" + staticChecked + " static, "
        + unknownDims + " unknown, " + unknownRanks + " values of unknown rank), " + symbolicEvaluated
        + " symbolic dims evaluated, " + (freshSkipped + freshConsistent) + " fresh-symbol dims skipped ("
        + freshConsistent + " of them checked consistent with the symbol's first size), " + mismatches.size()
        + " mismatches";
  }
}
