package dev.scalpel.cli;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The {@code trtexec} command line that builds an engine for a model: {@code --onnx}, and for
 * inputs with dynamic dims the {@code --minShapes/--optShapes/--maxShapes} specs
 * ({@code name:d0xd1x...}, reference A.7) from the user's ranges of the dim symbols.
 *
 * <p>A dynamic dim without a range (trtexec would silently use 1) or without a name (no range
 * can name it) is a {@code trt-profile} finding, and then no command line is given.
 *
 * @param commandLine the command, or null when a dynamic dim has no range
 * @param findings what is missing from the profile
 */
public record TrtexecPlan(String commandLine, List<Finding> findings) {
  public static final String RULE = "trt-profile";

  public TrtexecPlan {
    findings = List.copyOf(findings);
  }

  /**
   * Plans the command for {@code model} stored at {@code modelPath}.
   *
   * @throws IllegalArgumentException when a range names a symbol no input has
   */
  public static TrtexecPlan of(Model model, String modelPath, List<DimRange> ranges) {
    Map<String, DimRange> bySymbol = new LinkedHashMap<>();
    for (DimRange r : ranges) {
      bySymbol.put(r.symbol(), r);
    }
    Set<String> symbols = new LinkedHashSet<>();
    List<Value> dynamic = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (Value input : model.graph().inputs()) {
      if (input.isInitializer()) {
        continue;
      }
      Shape shape = input.shape().orElse(null);
      if (shape == null) {
        findings.add(Finding.of(RULE, Finding.Severity.WARNING, "", input.name(), "input '" + input.name()
            + "' has no known rank, so no profile can be written for it", "declare its shape (scalpel set-dims)"));
        continue;
      }
      if (shape.isStatic()) {
        continue;
      }
      dynamic.add(input);
      for (int axis = 0; axis < shape.rank(); axis++) {
        Dim d = shape.dim(axis);
        if (d instanceof Dim.Symbolic s) {
          symbols.add(s.name());
          if (!bySymbol.containsKey(s.name())) {
            findings.add(Finding.of(RULE, Finding.Severity.WARNING, "", input.name(), "dim " + axis + " ('" + s.name()
                + "') of input '" + input.name() + "' is dynamic and has no range; trtexec would build for 1 only",
                "--profile " + s.name() + "=MIN:OPT:MAX"));
          }
        } else if (d instanceof Dim.Unknown) {
          findings.add(Finding.of(RULE, Finding.Severity.WARNING, "", input.name(), "dim " + axis + " of input '"
              + input.name() + "' is dynamic and unnamed, so no --profile can give its range",
              "name it (scalpel set-dims --input-dim " + input.name() + ":" + axis + "=NAME)"));
        }
      }
    }
    for (String s : bySymbol.keySet()) {
      if (!symbols.contains(s)) {
        throw new IllegalArgumentException("--profile " + s + ": no input has a dynamic dim named '" + s + "'"
            + (symbols.isEmpty() ? "; the inputs have none" : "; they have " + String.join(", ", symbols)));
      }
    }
    StringBuilder line = new StringBuilder("trtexec --onnx=").append(quote(modelPath));
    if (!findings.isEmpty()) {
      return new TrtexecPlan(null, findings);
    }
    if (!dynamic.isEmpty()) {
      line.append(" --minShapes=").append(quote(spec(dynamic, bySymbol, DimRange::min)));
      line.append(" --optShapes=").append(quote(spec(dynamic, bySymbol, DimRange::opt)));
      line.append(" --maxShapes=").append(quote(spec(dynamic, bySymbol, DimRange::max)));
    }
    return new TrtexecPlan(line.toString(), findings);
  }

  private static String spec(List<Value> inputs, Map<String, DimRange> ranges, ToLongFunction<DimRange> pick) {
    List<String> parts = new ArrayList<>();
    for (Value v : inputs) {
      List<String> dims = new ArrayList<>();
      for (Dim d : v.shape().get().dims()) {
        dims.add(d instanceof Dim.Static s ? Long.toString(s.value())
            : Long.toString(pick.applyAsLong(ranges.get(((Dim.Symbolic) d).name()))));
      }
      String name = v.name().matches("[A-Za-z0-9_./-]+") ? v.name() : "'" + v.name().replace("'", "") + "'";
      parts.add(name + ":" + String.join("x", dims));
    }
    return String.join(",", parts);
  }

  /** Quotes a shell word when it holds anything but plain characters. */
  private static String quote(String word) {
    return word.matches("[A-Za-z0-9_./:,=x+-]+") ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
