package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Function;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The call graph of a model's local functions: which function's body (subgraphs included) calls
 * which, matched as a node calls a function, by (domain, op type, overload).
 *
 * <p>ONNX functions are expanded inline, so a function that reaches itself through calls has no
 * finite expansion. NOTE: ONNX Runtime inlines functions recursively while loading a model and
 * overflows its native stack on such a model, which kills the JVM (SIGSEGV) instead of raising an
 * error; {@link #cycles} is what stands between such a model and ONNX Runtime.
 */
public final class FunctionCalls {
  private record Key(String domain, String name, String overload) {}

  private FunctionCalls() {}

  /**
   * Every call cycle among {@code model}'s functions, each as the functions in call order starting
   * from the first one in the model's list (a self call is a cycle of one); each function appears
   * in at most one reported cycle. Empty when no function reaches itself.
   */
  public static List<List<Function>> cycles(Model model) {
    Map<Key, Function> byKey = new LinkedHashMap<>();
    for (Function f : model.functions()) {
      byKey.putIfAbsent(key(f.domain(), f.name(), f.overload()), f);
    }
    Map<Function, List<Function>> callees = new IdentityHashMap<>();
    for (Function f : model.functions()) {
      List<Function> out = new ArrayList<>();
      for (Node n : f.body().allNodes()) {
        Function callee = byKey.get(key(n.domain(), n.opType(), n.overload()));
        if (callee != null && !out.contains(callee)) {
          out.add(callee);
        }
      }
      callees.put(f, out);
    }
    List<List<Function>> cycles = new ArrayList<>();
    Map<Function, Integer> state = new IdentityHashMap<>(); // 1 on the stack, 2 done
    for (Function f : model.functions()) {
      if (!state.containsKey(f)) {
        search(f, callees, state, new ArrayList<>(), cycles);
      }
    }
    return cycles;
  }

  /**
   * {@code function local.F calls itself: its expansion never ends}, or {@code functions local.F ->
   * local.G -> local.F call each other: their expansion never ends}.
   */
  public static String describe(List<Function> cycle) {
    if (cycle.size() == 1) {
      return "function " + cycle.get(0).qualifiedName() + " calls itself: its expansion never ends";
    }
    StringBuilder sb = new StringBuilder("functions ");
    for (Function f : cycle) {
      sb.append(f.qualifiedName()).append(" -> ");
    }
    return sb.append(cycle.get(0).qualifiedName()).append(" call each other: their expansion never ends").toString();
  }

  // NOTE: depth-first search with an explicit path; the depth is bounded by the number of
  // functions, which a hostile model could make large, so the recursion here is over functions
  // (small lists in practice) and never over nodes.
  private static void search(Function f, Map<Function, List<Function>> callees, Map<Function, Integer> state,
      List<Function> path, List<List<Function>> cycles) {
    state.put(f, 1);
    path.add(f);
    for (Function callee : callees.get(f)) {
      Integer s = state.get(callee);
      if (s == null) {
        search(callee, callees, state, path, cycles);
      } else if (s == 1) {
        cycles.add(List.copyOf(path.subList(path.indexOf(callee), path.size())));
      }
    }
    path.remove(path.size() - 1);
    state.put(f, 2);
  }

  private static Key key(String domain, String name, String overload) {
    return new Key(OpsetImports.isDefault(domain) ? "" : domain, name, overload == null ? "" : overload);
  }
}
