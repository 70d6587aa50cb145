package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames dim symbols everywhere a model's graphs declare shapes: inputs, outputs, {@code
 * value_info} and node outputs. A symbol inside an expression ({@code 2*N}) is renamed there too;
 * a symbol that is part of a longer name ({@code N} in {@code N_max}) is not.
 */
final class DimRenamer {
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  private DimRenamer() {}

  /** The dim symbols the model uses, as whole dims or inside expressions. */
  static Set<String> symbols(Model model) {
    Set<String> out = new LinkedHashSet<>();
    for (Value v : typedValues(model)) {
      Shape s = shapeOf(v);
      if (s != null) {
        for (Dim d : s.dims()) {
          if (d instanceof Dim.Symbolic sym) {
            Matcher m = SYMBOL.matcher(sym.name());
            if (m.matches()) {
              out.add(sym.name());
            } else {
              // NOTE: an expression such as 64*h: its symbols, not its text.
              m.reset();
              while (m.find()) {
                out.add(m.group());
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Applies {@code renames} (old → new, all at once, so {@code a=b,b=a} swaps).
   *
   * @return how many values changed
   */
  static int rename(Model model, Map<String, String> renames) {
    if (renames.isEmpty()) {
      return 0;
    }
    int changed = 0;
    for (Value v : typedValues(model)) {
      Shape s = shapeOf(v);
      Shape renamed = s == null ? null : rename(s, renames);
      if (renamed != s) {
        v.setType(((ValueType.TensorType) v.type()).withShape(renamed));
        changed++;
      }
    }
    return changed;
  }

  /** {@code shape} with {@code renames} applied; the same object when no dim changes. */
  static Shape rename(Shape shape, Map<String, String> renames) {
    if (renames.isEmpty()) {
      return shape;
    }
    StringBuilder alternatives = new StringBuilder();
    for (String from : renames.keySet()) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(from));
    }
    // NOTE: a symbol is delimited by characters that cannot be part of one, as the parser reads it.
    Pattern p = Pattern.compile("(?<![A-Za-z0-9_.\\-])(" + alternatives + ")(?![A-Za-z0-9_.\\-])");
    List<Dim> dims = new ArrayList<>(shape.rank());
    boolean any = false;
    for (Dim d : shape.dims()) {
      if (d instanceof Dim.Symbolic sym) {
        String renamed = renames.containsKey(sym.name()) ? renames.get(sym.name())
            : p.matcher(sym.name()).replaceAll(m -> Matcher.quoteReplacement(renames.get(m.group(1))));
        any |= !renamed.equals(sym.name());
        dims.add(Dim.of(renamed));
      } else {
        dims.add(d);
      }
    }
    return any ? withDims(shape, dims) : shape;
  }

  private static Shape withDims(Shape old, List<Dim> dims) {
    Shape s = old;
    for (int k = 0; k < dims.size(); k++) {
      s = s.withDim(k, dims.get(k));
    }
    return s;
  }

  private static Shape shapeOf(Value v) {
    return v.type() instanceof ValueType.TensorType t ? t.shape() : null;
  }

  /** Every value of every graph that can carry a type, once each. */
  static List<Value> typedValues(Model model) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Value> out = new ArrayList<>();
    for (Graph g : model.graph().allGraphs()) {
      List<Value> all = new ArrayList<>(g.inputs());
      all.addAll(g.outputs());
      all.addAll(g.valueInfos());
      for (Node n : g) {
        all.addAll(n.outputs());
      }
      for (Value v : all) {
        if (v != null && seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }
}
