package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.Broadcasting;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Einsum: the equation is parsed into one subscript list per operand (with {@code ...} standing
 * for the broadcast dims), each letter bound to a dim of the operands, and the output built from
 * the explicit right-hand side, or implicitly from the ellipsis dims followed by the letters that
 * occur once, in alphabetical order.
 */
public final class EinsumRules {
  private EinsumRules() {}

  private static final String ELLIPSIS = "...";

  public static void register(InferenceRules.Builder b) {
    b.add("Einsum", 12, EinsumRules::einsum);
  }

  static void einsum(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<String> equation = ctx.stringAttribute("equation");
    if (type.isEmpty()) {
      return;
    }
    if (equation.isEmpty()) {
      ctx.fail("Einsum without an equation");
      return;
    }
    List<SymShape> shapes = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      Optional<SymShape> s = ctx.inputShape(i);
      if (s.isEmpty()) {
        ctx.setOutput(0, type.get(), null);
        return;
      }
      shapes.add(s.get());
    }
    try {
      ctx.setOutput(0, type.get(), outputShape(equation.get().replace(" ", ""), shapes));
    } catch (IllegalArgumentException e) {
      ctx.fail(e.getMessage());
    }
  }

  /** The output shape of {@code equation} over operands of {@code shapes}. */
  static SymShape outputShape(String equation, List<SymShape> shapes) {
    int arrow = equation.indexOf("->");
    String lhs = arrow < 0 ? equation : equation.substring(0, arrow);
    String[] terms = lhs.split(",", -1);
    if (terms.length != shapes.size()) {
      throw new IllegalArgumentException("equation " + equation + " names " + terms.length
          + " operands, the node has " + shapes.size());
    }
    Map<Character, SymExpr> letters = new HashMap<>();
    Map<Character, Integer> counts = new TreeMap<>();
    List<SymShape> ellipses = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      String term = terms[i];
      SymShape shape = shapes.get(i);
      int dots = term.indexOf(ELLIPSIS);
      String plain = term.replace(ELLIPSIS, "");
      int ellipsisRank = shape.rank() - plain.length();
      if (ellipsisRank < 0 || (dots < 0 && ellipsisRank != 0)) {
        throw new IllegalArgumentException("subscripts " + term + " do not fit operand " + i + " of rank " + shape.rank());
      }
      int axis = 0;
      for (int c = 0; c < term.length(); c++) {
        if (c == dots) {
          ellipses.add(SymShape.of(shape.dims().subList(axis, axis + ellipsisRank)));
          axis += ellipsisRank;
          c += ELLIPSIS.length() - 1;
          continue;
        }
        char letter = term.charAt(c);
        bind(letters, letter, shape.dim(axis++));
        counts.merge(letter, 1, Integer::sum);
      }
    }
    SymShape ellipsis = Broadcasting.broadcast(ellipses)
        .orElseThrow(() -> new IllegalArgumentException("ellipsis dims of " + equation + " do not broadcast"));
    List<SymExpr> out = new ArrayList<>();
    if (arrow < 0) {
      out.addAll(ellipsis.dims());
      counts.forEach((letter, n) -> {
        if (n == 1) {
          out.add(letters.get(letter));
        }
      });
      return SymShape.of(out);
    }
    String rhs = equation.substring(arrow + 2);
    for (int c = 0; c < rhs.length(); c++) {
      if (rhs.startsWith(ELLIPSIS, c)) {
        out.addAll(ellipsis.dims());
        c += ELLIPSIS.length() - 1;
      } else if (counts.containsKey(rhs.charAt(c))) {
        out.add(letters.get(rhs.charAt(c)));
      } else {
        throw new IllegalArgumentException("output subscript " + rhs.charAt(c) + " is not an input subscript");
      }
    }
    return SymShape.of(out);
  }

  /** Binds {@code letter} to {@code dim}, preferring a known dim other than 1 (which broadcasts). */
  private static void bind(Map<Character, SymExpr> letters, char letter, SymExpr dim) {
    SymExpr known = letters.get(letter);
    if (known == null || (known.isConstant() && known.constantValue() == 1 && dim != null)) {
      letters.put(letter, dim);
    }
  }
}
