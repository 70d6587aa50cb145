package dev.scalpel.cli;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * {@code --input-shape NAME=DIMS}: the whole shape an input is given ({@code set-dims} writes it,
 * {@code simplify} simplifies at it, {@code run} runs at it). The syntax is
 * {@link dev.scalpel.passes.dims.DimSpecParser#shape}'s.
 *
 * <p>Shapes given for some inputs only: a dim symbol that a given shape sizes has that size in every
 * input that declares it ({@link #withSharedSymbols}); when ONNX Runtime still cannot run the model,
 * the failure is the user's partial shape, not the model's ({@link #partialShapeFailure}).
 */
final class InputShapeOptions {
  @Option(names = "--input-shape", paramLabel = "NAME=DIMS", converter = DimSpecConverters.ShapeConverter.class,
      description = "Give an input this shape, such as x=1x3x224x224 or x=batch,3,224,224 (repeatable).")
  private List<InputShape> shapes = new ArrayList<>();

  /** The shapes given, in order; a command may add those of a retired spelling. */
  List<InputShape> shapes() {
    return shapes;
  }

  /**
   * The shapes given, then one for each other input of {@code model} that declares a dim symbol the
   * given shapes size: that symbol replaced by the size, its other dims as declared. A symbol is
   * one size throughout a model, so {@code x=2x3} for {@code x[batch,3]} makes {@code y[batch,7]}
   * {@code y[2,7]}. A symbol given two different sizes, or that a given shape keeps symbolic, is
   * left alone (the shapes as given are then checked as they are).
   */
  List<InputShape> withSharedSymbols(Model model) {
    Map<String, Long> sizes = new HashMap<>();
    Set<String> ambiguous = new HashSet<>();
    Set<String> given = new HashSet<>();
    for (InputShape s : shapes) {
      given.add(s.input());
      Shape declared = declaredShape(model, s.input());
      if (declared == null || declared.rank() != s.dims().size()) {
        continue; // NOTE: SetDims reports the mismatch, naming the input
      }
      for (int axis = 0; axis < declared.rank(); axis++) {
        if (declared.dim(axis) instanceof Dim.Symbolic sym) {
          if (s.dims().get(axis) instanceof Dim.Static size) {
            Long earlier = sizes.putIfAbsent(sym.name(), size.value());
            if (earlier != null && earlier != size.value()) {
              ambiguous.add(sym.name());
            }
          } else {
            ambiguous.add(sym.name());
          }
        }
      }
    }
    ambiguous.forEach(sizes::remove);
    List<InputShape> out = new ArrayList<>(shapes);
    if (sizes.isEmpty()) {
      return out;
    }
    for (Value v : graphInputs(model)) {
      Shape declared = declaredShape(model, v.name());
      if (given.contains(v.name()) || declared == null) {
        continue;
      }
      List<Dim> dims = new ArrayList<>();
      boolean bound = false;
      for (int axis = 0; axis < declared.rank(); axis++) {
        Dim d = declared.dim(axis);
        if (d instanceof Dim.Symbolic sym && sizes.containsKey(sym.name())) {
          dims.add(Dim.of(sizes.get(sym.name())));
          bound = true;
        } else {
          dims.add(d);
        }
      }
      if (bound) {
        out.add(new InputShape(v.name(), dims));
      }
    }
    return out;
  }

  /**
   * What to report when ONNX Runtime could not run {@code model} (the original, as read) at the
   * shapes given: {@code e} itself unless shapes were given and it is the original's run that
   * failed; then a usage error (exit 2) naming the inputs whose dims the given shapes leave free
   * and asking for their shapes too, or, when none is left free, saying ONNX Runtime cannot run
   * the model at the shapes given.
   *
   * @param withData inputs whose values the user gave (their dims are not free)
   * @param symbolsGiven dim symbols the user gave sizes for with {@code --dims}
   */
  RuntimeException partialShapeFailure(Model model, ModelNotRunnableException e, Set<String> withData,
      Set<String> symbolsGiven) {
    if (shapes.isEmpty() || e.role() != ModelRole.ORIGINAL || e.stage() != ModelNotRunnableException.Stage.RUN) {
      return e;
    }
    List<InputShape> all = withSharedSymbols(model);
    Set<String> fixed = all.stream().filter(s -> s.dims().stream().allMatch(Dim::isStatic))
        .map(InputShape::input).collect(Collectors.toSet());
    List<String> free = new ArrayList<>();
    List<String> freeNames = new ArrayList<>();
    for (Value v : graphInputs(model)) {
      Shape declared = declaredShape(model, v.name());
      boolean dynamic = declared == null || declared.dims().stream()
          .anyMatch(d -> !d.isStatic() && !(d instanceof Dim.Symbolic sym && symbolsGiven.contains(sym.name())));
      if (!fixed.contains(v.name()) && !withData.contains(v.name()) && dynamic) {
        free.add("'" + v.name() + "' " + (declared == null ? "[*]" : declared.toString()));
        freeNames.add(v.name());
      }
    }
    String givenText = "--input-shape " + shapes.stream().map(InputShapeOptions::text)
        .collect(Collectors.joining(" --input-shape "));
    List<String> implied = all.subList(shapes.size(), all.size()).stream().map(InputShapeOptions::text).toList();
    String impliedText = implied.isEmpty() ? "" : " (so " + String.join(", ", implied) + " by their shared dims)";
    String message = free.isEmpty()
        ? "ONNX Runtime cannot run the model at the input shapes given: " + givenText + impliedText + ": "
            + e.ortMessage()
        : givenText + impliedText + " leaves the dims of " + String.join(", ", free)
            + " free, and ONNX Runtime cannot run the model at the sizes tried for them; give "
            + (free.size() == 1 ? "its shape" : "their shapes") + " too ("
            + freeNames.stream().map(n -> "--input-shape " + n + "=DIMS").collect(Collectors.joining(" "))
            + "). ONNX Runtime: " + e.ortMessage();
    DimSpecException usage = new DimSpecException(message);
    usage.initCause(e);
    return usage;
  }

  /** {@code x=2x3}, as --input-shape takes it back. */
  private static String text(InputShape s) {
    boolean commas = s.dims().stream().anyMatch(d -> d.toString().contains("x"));
    return s.input() + "=" + s.dims().stream().map(Object::toString).collect(Collectors.joining(commas ? "," : "x"));
  }

  private static List<Value> graphInputs(Model model) {
    return model.graph().inputs().stream().filter(v -> !v.isInitializer()).toList();
  }

  /** The declared shape of input {@code name}, or null when it has none (or is no tensor input). */
  private static Shape declaredShape(Model model, String name) {
    for (Value v : graphInputs(model)) {
      if (v.name().equals(name)) {
        return v.type() instanceof ValueType.TensorType t ? t.shape() : null;
      }
    }
    return null;
  }
}
