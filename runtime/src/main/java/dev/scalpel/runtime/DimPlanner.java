package dev.scalpel.runtime;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Proposes {@link DimPlan}s for a model's inputs, best first.
 *
 * <p>The rule: a symbol the user fixed (an override such as {@code batch=1,4}, or the size a
 * user-supplied tensor has on that dim) keeps those values in every candidate. Every other symbol
 * takes two different values per candidate, small first, following the rungs of {@link
 * #DEFAULT_LADDER} ({2, 3}, then {8, 13}, then {32, 48}) and then larger rungs that depend on what
 * the dim's name says it measures ({@link DimRole}: images try 224 and 640, audio 16000 samples).
 *
 * <p>Symbols that {@link DimConditions} say nothing about move together: in run 0 they all take
 * the rung's first value, in run 1 its second, so differently named dims that a model silently
 * needs equal (dynamo exporters name them per input) stay equal. Symbols that requirements tie
 * together (a group, see {@link DimConditions#groups}) take only sizes at which every requirement
 * holds: from a pool of sizes (2 to 16, multiples of 8, 16, 32 and 64, powers of two, sizes common
 * for images and audio, the static sizes the inputs declare) the planner keeps those where the
 * group's requirements hold (all its symbols equal first, other combinations when that gives too
 * few; a batch-like symbol tied to a length stays small), and for each rung takes the first admitted size at or above each of its two values. When
 * the ladder's own values are admitted they are what the candidates use, so models that ran at
 * them before run at the same sizes.
 *
 * <p>The caller tries the candidates in order and keeps the first at which the original model
 * runs. Two values, both above 1, catch rewrites that froze a dim to the size they were traced
 * with. At most {@link #MAX_CANDIDATES} candidates are proposed.
 */
public final class DimPlanner {
  /** The first rungs tried for free symbols, in order. */
  public static final List<List<Long>> DEFAULT_LADDER =
      List.of(List.of(2L, 3L), List.of(8L, 13L), List.of(32L, 48L));
  /** The most candidates {@link #candidates} returns. */
  public static final int MAX_CANDIDATES = 8;
  /** Sizes tried per symbol of a group when all its symbols are not equal; the pool's smallest. */
  private static final int COMBINATION_POOL = 40;
  /** The most combinations evaluated for one group. */
  private static final int MAX_COMBINATIONS = 50_000;
  /** Admitted sizes kept per group. */
  private static final int MAX_SOLUTIONS = 256;

  private final Map<String, List<Long>> overrides;
  private final List<List<Long>> ladder;

  /** A planner with user overrides (symbol → values) and the default ladder. */
  public DimPlanner(Map<String, List<Long>> overrides) {
    this(overrides, DEFAULT_LADDER);
  }

  public DimPlanner(Map<String, List<Long>> overrides, List<List<Long>> ladder) {
    this.overrides = Map.copyOf(overrides);
    this.ladder = List.copyOf(ladder);
    if (this.ladder.isEmpty()) {
      throw new IllegalArgumentException("the ladder needs at least one rung");
    }
    for (List<Long> rung : this.ladder) {
      if (rung.isEmpty()) {
        throw new IllegalArgumentException("a rung needs at least one value");
      }
    }
  }

  /** The symbols of {@code inputs}' dynamic dims, in order of first appearance. */
  public static Set<String> symbols(List<InputSpec> inputs) {
    Set<String> out = new LinkedHashSet<>();
    for (InputSpec in : inputs) {
      Shape shape = shapeOf(in);
      if (shape != null) {
        for (int axis = 0; axis < shape.rank(); axis++) {
          String s = DimPlan.symbolOf(in.name(), axis, shape.dim(axis));
          if (s != null) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  /**
   * The symbols whose sizes the planner chooses: those of {@code inputs} that neither an override
   * nor a user tensor fixes.
   */
  public Set<String> freeSymbols(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    Set<String> free = new LinkedHashSet<>(symbols(inputs));
    free.removeAll(overrides.keySet());
    free.removeAll(boundByUser(inputs, userInputs).keySet());
    return free;
  }

  /** Candidates without conditions: see {@link #candidates(List, Map, Supplier)}. */
  public List<DimPlan> candidates(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    return candidates(inputs, userInputs, DimConditions::none);
  }

  /**
   * Candidate plans for {@code inputs}, best first. {@code userInputs} bind the symbols of the
   * inputs they are given for; {@code conditions} (asked for only when some symbol is free) rule out
   * sizes at which the model cannot run.
   *
   * @throws IllegalArgumentException if an override names no dim of any input
   * @throws InputSpecException if two user tensors give one symbol different sizes
   */
  public List<DimPlan> candidates(List<InputSpec> inputs, Map<String, Tensor> userInputs,
      Supplier<DimConditions> conditions) {
    Set<String> symbols = symbols(inputs);
    for (String o : overrides.keySet()) {
      if (!symbols.contains(o)) {
        throw new IllegalArgumentException(
            "--dims " + o + ": no input has a dynamic dim named '" + o + "'; dynamic dims are " + symbols);
      }
    }
    Map<String, List<Long>> fixed = new LinkedHashMap<>(overrides);
    fixed.putAll(boundByUser(inputs, userInputs));
    Set<String> free = new LinkedHashSet<>(symbols);
    free.removeAll(fixed.keySet());
    if (free.isEmpty()) {
      Map<String, List<Long>> values = new LinkedHashMap<>();
      symbols.forEach(s -> values.put(s, fixed.get(s)));
      return List.of(new DimPlan(values));
    }
    DimConditions conds = conditions.get();
    List<List<Map<String, List<Long>>>> groupRungs = new ArrayList<>();
    Set<String> loose = new LinkedHashSet<>(free);
    Set<Long> declared = staticSizes(inputs);
    for (Set<String> group : conds.groups(fixed.keySet())) {
      List<Map<String, List<Long>>> rungs = groupRungs(group, fixed, conds, declared);
      // NOTE: a group without any admitted size in the pool is left to the ladder: its
      // requirements may be wrong where inference is, and then the runs decide.
      if (!rungs.isEmpty()) {
        loose.removeAll(group);
        groupRungs.add(rungs);
      }
    }
    int count = 0;
    for (List<Map<String, List<Long>>> rungs : groupRungs) {
      count = Math.max(count, rungs.size());
    }
    for (String s : loose) {
      count = Math.max(count, looseRungs(DimRole.of(s)).size());
    }
    List<DimPlan> out = new ArrayList<>();
    for (int i = 0; i < Math.min(count, MAX_CANDIDATES * 4) && out.size() < MAX_CANDIDATES; i++) {
      Map<String, List<Long>> chosen = new LinkedHashMap<>(fixed);
      for (List<Map<String, List<Long>>> rungs : groupRungs) {
        chosen.putAll(rungs.get(Math.min(i, rungs.size() - 1)));
      }
      for (String s : loose) {
        List<List<Long>> rungs = looseRungs(DimRole.of(s));
        chosen.put(s, rungs.get(Math.min(i, rungs.size() - 1)));
      }
      Map<String, List<Long>> values = new LinkedHashMap<>();
      symbols.forEach(s -> values.put(s, chosen.get(s)));
      DimPlan plan = new DimPlan(values);
      if (out.stream().noneMatch(p -> p.toString().equals(plan.toString()))) {
        out.add(plan);
      }
    }
    lastResortBatchOfOne(out, free).ifPresent(out::add);
    return out;
  }

  /**
   * The first candidate with every free batch-like dim at 1 (in both runs), tried last.
   *
   * <p>NOTE: an exporter that traced at batch 1 may specialise that dim (torch.export's 0/1
   * specialisation) while the model still declares it dynamic; such a model runs at batch 1 only.
   * Checking it there, at one batch size and two sizes of its other dims, proves what the model can
   * run; the report names the sizes used, so the single batch size is visible.
   */
  private static java.util.Optional<DimPlan> lastResortBatchOfOne(List<DimPlan> out, Set<String> free) {
    if (out.isEmpty() || free.stream().noneMatch(s -> DimRole.of(s) == DimRole.BATCH)) {
      return java.util.Optional.empty();
    }
    Map<String, List<Long>> values = new LinkedHashMap<>();
    for (String s : out.get(0).symbols()) {
      values.put(s, free.contains(s) && DimRole.of(s) == DimRole.BATCH ? List.of(1L) : out.get(0).values(s));
    }
    DimPlan plan = new DimPlan(values);
    return out.stream().anyMatch(p -> p.toString().equals(plan.toString()))
        ? java.util.Optional.empty() : java.util.Optional.of(plan);
  }

  /**
   * The rungs of a symbol no requirement ties: the ladder, then the larger rungs of its role; a
   * batch-like dim goes back to the first rung once the ladder is done, so that the others can grow.
   */
  private List<List<Long>> looseRungs(DimRole role) {
    List<List<Long>> out = new ArrayList<>(ladder);
    if (role == DimRole.BATCH) {
      out.add(ladder.get(0));
    } else {
      out.addAll(role.largerRungs());
    }
    return out;
  }

  /**
   * The rungs of {@code group}: for each target rung (the ladder, then the larger rungs of the
   * group's first symbol's role) the first admitted assignment whose largest size is at least the
   * rung's first value, and the first after it, at least the second value, that differs from it in
   * every symbol. Consecutive duplicates are dropped; empty when the pool admits nothing.
   */
  private List<Map<String, List<Long>>> groupRungs(Set<String> group, Map<String, List<Long>> fixed,
      DimConditions conds, Set<Long> declared) {
    List<String> order = new ArrayList<>(group);
    List<long[]> solutions = solutions(order, fixed, conds, pool(declared));
    List<Map<String, List<Long>>> out = new ArrayList<>();
    if (solutions.isEmpty()) {
      return out;
    }
    List<List<Long>> targets = new ArrayList<>(ladder);
    DimRole role = DimRole.of(order.get(0));
    targets.addAll(role == DimRole.BATCH ? DimRole.OTHER.largerRungs() : role.largerRungs());
    for (List<Long> rung : targets) {
      int a = firstAtLeast(solutions, 0, rung.get(0), null);
      if (a < 0) {
        break;
      }
      long second = rung.get(rung.size() - 1);
      int b = rung.size() < 2 ? -1 : firstAtLeast(solutions, a + 1, second, solutions.get(a));
      Map<String, List<Long>> values = new LinkedHashMap<>();
      for (int k = 0; k < order.size(); k++) {
        values.put(order.get(k), b < 0 ? List.of(solutions.get(a)[k])
            : List.of(solutions.get(a)[k], solutions.get(b)[k]));
      }
      if (out.isEmpty() || !out.get(out.size() - 1).equals(values)) {
        out.add(values);
      }
    }
    return out;
  }

  /**
   * The index of the first solution from {@code from} whose largest size is at least {@code min}
   * and, if {@code unlike} is given, that differs from it in every symbol; -1 if none.
   */
  private static int firstAtLeast(List<long[]> solutions, int from, long min, long[] unlike) {
    for (int i = from; i < solutions.size(); i++) {
      long[] s = solutions.get(i);
      if (size(s) < min) {
        continue;
      }
      boolean differs = true;
      for (int k = 0; unlike != null && k < s.length; k++) {
        differs &= s[k] != unlike[k];
      }
      if (differs) {
        return i;
      }
    }
    return -1;
  }

  private static long size(long[] assignment) {
    long max = 0;
    for (long v : assignment) {
      max = Math.max(max, v);
    }
    return max;
  }

  /**
   * Assignments of {@code order} from {@code pool} at which every requirement holds in every run of
   * the fixed symbols. A group with a batch-like symbol ({@link DimRole#BATCH}) and others tries
   * combinations first, the batch from the pool's smallest sizes, so that a requirement tying the
   * batch to a length does not make the batch as large as the length. Otherwise all symbols equal
   * first; when that admits fewer than two sizes, combinations (groups of up to three symbols).
   * Combinations are ordered by their largest size, then by their sum.
   */
  private static List<long[]> solutions(List<String> order, Map<String, List<Long>> fixed, DimConditions conds,
      List<Long> pool) {
    int fixedRuns = 1;
    for (List<Long> v : fixed.values()) {
      fixedRuns = Math.max(fixedRuns, v.size());
    }
    boolean batched = order.size() > 1 && order.size() <= 3
        && order.stream().anyMatch(s -> DimRole.of(s) == DimRole.BATCH);
    if (batched) {
      List<long[]> out = combinations(order, fixed, fixedRuns, conds, pool);
      if (out.size() >= 2) {
        return out;
      }
    }
    List<long[]> out = new ArrayList<>();
    for (long v : pool) {
      long[] a = new long[order.size()];
      java.util.Arrays.fill(a, v);
      if (admitted(order, a, fixed, fixedRuns, conds)) {
        out.add(a);
      }
    }
    if (out.size() >= 2 || order.size() > 3 || batched) {
      return out;
    }
    return combinations(order, fixed, fixedRuns, conds, pool);
  }

  /**
   * Admitted combinations: batch-like symbols from the pool's 8 smallest sizes, one other symbol
   * from the whole pool, several others each from its {@link #COMBINATION_POOL} smallest.
   */
  private static List<long[]> combinations(List<String> order, Map<String, List<Long>> fixed, int fixedRuns,
      DimConditions conds, List<Long> pool) {
    long others = order.stream().filter(s -> DimRole.of(s) != DimRole.BATCH).count();
    List<List<Long>> pools = new ArrayList<>();
    for (String s : order) {
      int n = DimRole.of(s) == DimRole.BATCH ? 8 : others <= 1 ? pool.size() : COMBINATION_POOL;
      pools.add(pool.subList(0, Math.min(n, pool.size())));
    }
    List<long[]> combos = new ArrayList<>();
    combine(pools, new long[order.size()], 0, combos);
    combos.sort(java.util.Comparator.<long[]>comparingLong(DimPlanner::size)
        .thenComparingLong(c -> java.util.Arrays.stream(c).sum()));
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < combos.size() && i < MAX_COMBINATIONS && out.size() < MAX_SOLUTIONS; i++) {
      if (admitted(order, combos.get(i), fixed, fixedRuns, conds)) {
        out.add(combos.get(i));
      }
    }
    return out;
  }

  private static void combine(List<List<Long>> pools, long[] current, int k, List<long[]> out) {
    if (k == current.length) {
      out.add(current.clone());
      return;
    }
    for (long v : pools.get(k)) {
      current[k] = v;
      combine(pools, current, k + 1, out);
    }
  }

  private static boolean admitted(List<String> order, long[] values, Map<String, List<Long>> fixed, int fixedRuns,
      DimConditions conds) {
    for (int r = 0; r < fixedRuns; r++) {
      Map<String, Long> assignment = new LinkedHashMap<>();
      for (Map.Entry<String, List<Long>> e : fixed.entrySet()) {
        assignment.put(e.getKey(), e.getValue().get(r % e.getValue().size()));
      }
      for (int k = 0; k < order.size(); k++) {
        assignment.put(order.get(k), values[k]);
      }
      if (!conds.admits(assignment)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The sizes a group's symbols may take, ascending: 2 to 16, multiples of 8 to 256, of 32 to 1024,
   * of 64 to 2048, powers of two to 65536, sizes common for images and audio, the ladder's values and
   * {@code declared} (static sizes of the model's inputs, which often recur in dynamic dims).
   */
  private List<Long> pool(Set<Long> declared) {
    java.util.TreeSet<Long> p = new java.util.TreeSet<>();
    for (long v = 2; v <= 16; v++) {
      p.add(v);
    }
    for (long v = 8; v <= 256; v += 8) {
      p.add(v);
    }
    for (long v = 32; v <= 1024; v += 32) {
      p.add(v);
    }
    for (long v = 64; v <= 2048; v += 64) {
      p.add(v);
    }
    for (long v = 2; v <= 65536; v *= 2) {
      p.add(v);
    }
    p.addAll(List.of(224L, 299L, 320L, 384L, 400L, 416L, 448L, 480L, 640L, 800L, 1280L, 1600L, 3200L,
        4000L, 8000L, 16000L, 22050L, 32000L, 44100L, 48000L));
    ladder.forEach(p::addAll);
    for (DimRole r : DimRole.values()) {
      r.largerRungs().forEach(p::addAll);
    }
    declared.stream().filter(v -> v >= 2).forEach(p::add);
    return new ArrayList<>(p);
  }

  /** The static sizes the inputs declare. */
  private static Set<Long> staticSizes(List<InputSpec> inputs) {
    Set<Long> out = new LinkedHashSet<>();
    for (InputSpec in : inputs) {
      Shape shape = shapeOf(in);
      if (shape != null) {
        for (Dim d : shape.dims()) {
          if (d instanceof Dim.Static st && st.value() > 0) {
            out.add(st.value());
          }
        }
      }
    }
    return out;
  }

  private static Map<String, List<Long>> boundByUser(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    Map<String, List<Long>> bound = new LinkedHashMap<>();
    Map<String, String> boundBy = new LinkedHashMap<>();
    for (InputSpec in : inputs) {
      Tensor t = userInputs.get(in.name());
      Shape shape = shapeOf(in);
      if (t == null || shape == null) {
        continue;
      }
      long[] dims = t.dims();
      for (int axis = 0; axis < shape.rank() && axis < dims.length; axis++) {
        String s = DimPlan.symbolOf(in.name(), axis, shape.dim(axis));
        if (s == null) {
          continue;
        }
        List<Long> previous = bound.putIfAbsent(s, List.of(dims[axis]));
        if (previous != null && previous.get(0) != dims[axis]) {
          throw new InputSpecException(in.name(), "dim '" + s + "' is " + dims[axis] + " but input '"
              + boundBy.get(s) + "' has it " + previous.get(0));
        }
        boundBy.putIfAbsent(s, in.name());
      }
    }
    return bound;
  }

  private static Shape shapeOf(InputSpec in) {
    return in.type() instanceof ValueType.TensorType t ? t.shape() : null;
  }

  /** Parses {@code batch=1,4} into an override entry. */
  public static Map.Entry<String, List<Long>> parseOverride(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException("expected NAME=V1,V2,..., got '" + text + "'");
    }
    List<Long> values = new ArrayList<>();
    for (String part : text.substring(eq + 1).split(",")) {
      try {
        long v = Long.parseLong(part.trim());
        if (v <= 0) {
          throw new NumberFormatException();
        }
        values.add(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' in '" + text + "' is not a positive size", e);
      }
    }
    return Map.entry(text.substring(0, eq).trim(), List.copyOf(values));
  }
}
