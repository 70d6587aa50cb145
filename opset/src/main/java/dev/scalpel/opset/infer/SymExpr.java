package dev.scalpel.opset.infer;

import dev.scalpel.graph.Dim;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An integer expression over named dimensions ({@code batch}, {@code 2*h}, {@code
 * floor((w-1)/2)+1}), kept in a normal form so that equal expressions are equal objects: a sum of
 * monomials with integer coefficients, where a monomial is a product of atoms (symbols, or
 * floor-divisions, maxima and minima that could not be simplified away). Immutable.
 *
 * <p>The printed form ({@link #toString()}) is what ONNX files carry as {@code dim_param}, and
 * {@link #parse} reads it back; a {@code dim_param} that is not such an expression is one opaque
 * symbol.
 */
public final class SymExpr implements Comparable<SymExpr> {
  private static final SymExpr ZERO = new SymExpr(new TreeMap<>());
  /** Constants from {@code -SMALL} to {@code SMALL} are shared, as shapes are mostly made of them. */
  private static final int SMALL = 1024;
  private static final SymExpr[] SMALL_CONSTANTS = new SymExpr[2 * SMALL + 1];
  /** Printed forms already read back ({@link #parse}), most of them dims read again and again. */
  private static final ParsedTexts PARSED = new ParsedTexts(4096);

  static {
    for (int v = -SMALL; v <= SMALL; v++) {
      SMALL_CONSTANTS[v + SMALL] = v == 0 ? ZERO : constant(v);
    }
  }

  /** Monomial → coefficient; no zero coefficients; the constant term has the empty monomial. */
  private final TreeMap<Monomial, Long> terms;
  // NOTE: printed on first use; a racy but safe cache (Strings are immutable, any thread computes
  // the same text). Printing every intermediate result made summing n dims cost O(n^2).
  private String text;
  /** The hash of {@link #terms}, computed on first use (0: not yet). */
  private int hash;

  private SymExpr(TreeMap<Monomial, Long> terms) {
    this.terms = terms;
  }

  public static SymExpr of(long value) {
    if (value == 0) {
      return ZERO;
    }
    if (value >= -SMALL && value <= SMALL) {
      return SMALL_CONSTANTS[(int) value + SMALL];
    }
    return constant(value);
  }

  private static SymExpr constant(long value) {
    TreeMap<Monomial, Long> t = new TreeMap<>();
    t.put(Monomial.ONE, value);
    return new SymExpr(t);
  }

  /** The sum of {@code addends}, in time linear in their total size. */
  public static SymExpr sum(Iterable<SymExpr> addends) {
    TreeMap<Monomial, Long> t = new TreeMap<>();
    for (SymExpr e : addends) {
      e.terms.forEach((m, c) -> addTerm(t, m, c));
    }
    return t.isEmpty() ? ZERO : new SymExpr(t);
  }

  /** The named dimension {@code name}, taken as one atom whatever characters it has. */
  public static SymExpr symbol(String name) {
    return atom(new Atom.Symbol(name));
  }

  static SymExpr atom(Atom atom) {
    TreeMap<Monomial, Long> t = new TreeMap<>();
    t.put(Monomial.of(atom), 1L);
    return new SymExpr(t);
  }

  /** Reads a printed expression; text that is not one becomes a single symbol. */
  public static SymExpr parse(String text) {
    SymExpr known = PARSED.get(text);
    if (known != null) {
      return known;
    }
    SymExpr e = SymExprParser.parse(text).orElseGet(() -> symbol(text));
    PARSED.put(text, e);
    return e;
  }

  /** The expression a dim stands for; empty for an unknown dim. */
  public static Optional<SymExpr> of(Dim dim) {
    if (dim instanceof Dim.Static s) {
      return Optional.of(of(s.value()));
    }
    if (dim instanceof Dim.Symbolic s) {
      return Optional.of(parse(s.name()));
    }
    return Optional.empty();
  }

  /** This expression as a dim: static when constant, else symbolic by its printed form. */
  public Dim toDim() {
    return isConstant() ? Dim.of(constantValue()) : Dim.of(toString());
  }

  public boolean isConstant() {
    return terms.isEmpty() || (terms.size() == 1 && terms.containsKey(Monomial.ONE));
  }

  /** @throws IllegalStateException unless {@link #isConstant()} */
  public long constantValue() {
    if (!isConstant()) {
      throw new IllegalStateException(this + " is not a constant");
    }
    return terms.getOrDefault(Monomial.ONE, 0L);
  }

  /** The constant term (0 if none). */
  long constantTerm() {
    return terms.getOrDefault(Monomial.ONE, 0L);
  }

  Map<Monomial, Long> terms() {
    return Collections.unmodifiableMap(terms);
  }

  public SymExpr plus(SymExpr other) {
    if (other.terms.isEmpty()) {
      return this;
    }
    if (terms.isEmpty()) {
      return other;
    }
    if (isConstant() && other.isConstant()) {
      return of(Math.addExact(constantValue(), other.constantValue()));
    }
    TreeMap<Monomial, Long> t = new TreeMap<>(terms);
    other.terms.forEach((m, c) -> addTerm(t, m, c));
    return new SymExpr(t);
  }

  public SymExpr plus(long c) {
    return plus(of(c));
  }

  public SymExpr minus(SymExpr other) {
    return plus(other.times(-1));
  }

  public SymExpr minus(long c) {
    return plus(-c);
  }

  public SymExpr negate() {
    return times(-1);
  }

  public SymExpr times(long c) {
    if (c == 0) {
      return ZERO;
    }
    if (c == 1) {
      return this;
    }
    if (isConstant()) {
      return of(Math.multiplyExact(constantValue(), c));
    }
    TreeMap<Monomial, Long> t = new TreeMap<>();
    terms.forEach((m, k) -> t.put(m, Math.multiplyExact(k, c)));
    return new SymExpr(t);
  }

  public SymExpr times(SymExpr other) {
    if (other.isConstant()) {
      return times(other.constantValue());
    }
    if (isConstant()) {
      return other.times(constantValue());
    }
    TreeMap<Monomial, Long> t = new TreeMap<>();
    for (Map.Entry<Monomial, Long> a : terms.entrySet()) {
      for (Map.Entry<Monomial, Long> b : other.terms.entrySet()) {
        addTerm(t, a.getKey().times(b.getKey()), Math.multiplyExact(a.getValue(), b.getValue()));
      }
    }
    return new SymExpr(t);
  }

  /** {@code floor(this / divisor)}, exact when every coefficient is divisible. */
  public SymExpr floorDiv(long divisor) {
    if (divisor == 0) {
      throw new ArithmeticException("division of " + this + " by zero");
    }
    if (divisor == 1) {
      return this;
    }
    if (divisor < 0) {
      return negate().floorDiv(-divisor);
    }
    if (isConstant()) {
      return of(Math.floorDiv(constantValue(), divisor));
    }
    boolean exact = terms.values().stream().allMatch(c -> c % divisor == 0);
    if (exact) {
      TreeMap<Monomial, Long> t = new TreeMap<>();
      terms.forEach((m, c) -> t.put(m, c / divisor));
      return new SymExpr(t);
    }
    // NOTE: floor((a*d + r)/d) = a + floor(r/d) for whole multiples of d pulled out of the sum.
    TreeMap<Monomial, Long> whole = new TreeMap<>();
    TreeMap<Monomial, Long> rest = new TreeMap<>();
    terms.forEach((m, c) -> {
      long q = Math.floorDiv(c, divisor);
      long r = Math.floorMod(c, divisor);
      if (!m.equals(Monomial.ONE) && q != 0) {
        whole.put(m, q);
      }
      if (m.equals(Monomial.ONE)) {
        // NOTE: a constant that divides exactly leaves the floor; one that does not stays inside.
        if (r != 0) {
          rest.put(m, c);
        } else {
          whole.put(m, q);
        }
      } else if (r != 0) {
        rest.put(m, r);
      }
    });
    SymExpr remainder = new SymExpr(rest);
    SymExpr quotientOfRest = remainder.isConstant()
        ? of(Math.floorDiv(remainder.constantValue(), divisor))
        : atom(new Atom.FloorDiv(remainder, divisor));
    return new SymExpr(whole).plus(quotientOfRest);
  }

  /** {@code ceil(this / divisor)} for a positive divisor. */
  public SymExpr ceilDiv(long divisor) {
    if (divisor == 0) {
      throw new ArithmeticException("division of " + this + " by zero");
    }
    if (divisor < 0) {
      return negate().ceilDiv(-divisor);
    }
    return plus(divisor - 1).floorDiv(divisor);
  }

  /** {@code this - divisor * floor(this / divisor)}. */
  public SymExpr mod(long divisor) {
    return minus(floorDiv(divisor).times(divisor));
  }

  /**
   * {@code this / divisor} when it divides exactly term by term: the divisor is a single term
   * {@code c*m} and every term of this has {@code m} as a factor and a coefficient divisible by c.
   */
  public Optional<SymExpr> divideExactly(SymExpr divisor) {
    if (divisor.terms.size() != 1) {
      return equals(divisor) ? Optional.of(of(1)) : Optional.empty();
    }
    Map.Entry<Monomial, Long> d = divisor.terms.firstEntry();
    TreeMap<Monomial, Long> t = new TreeMap<>();
    for (Map.Entry<Monomial, Long> e : terms.entrySet()) {
      Optional<Monomial> q = e.getKey().dividedBy(d.getKey());
      if (q.isEmpty() || e.getValue() % d.getValue() != 0) {
        return Optional.empty();
      }
      addTerm(t, q.get(), e.getValue() / d.getValue());
    }
    return Optional.of(new SymExpr(t));
  }

  /** {@code floor(this / divisor)} for an expression divisor (exact and constant divisors simplify). */
  public SymExpr floorDiv(SymExpr divisor) {
    if (divisor.isConstant()) {
      return floorDiv(divisor.constantValue());
    }
    Optional<SymExpr> exact = divideExactly(divisor);
    if (exact.isPresent()) {
      return exact.get();
    }
    return atom(new Atom.Opaque("floordiv", List.of(this, divisor)));
  }

  /**
   * The value of this expression when each symbol takes the value {@code symbols} gives it:
   * {@code floor(a/b)} rounds toward negative infinity (as {@link #floorDiv(long)} assumes), {@code
   * max} and {@code min} are the ordinary ones. Empty if a symbol is not in {@code symbols}, a
   * divisor evaluates to 0, or the arithmetic overflows a long.
   */
  public OptionalLong evaluate(Map<String, Long> symbols) {
    return SymExprEvaluator.evaluate(this, symbols);
  }

  /** The names of the symbols this expression uses, inside floors, maxima and minima included. */
  public Set<String> symbols() {
    Set<String> out = new TreeSet<>();
    collectSymbols(out);
    return out;
  }

  private void collectSymbols(Set<String> out) {
    for (Monomial m : terms.keySet()) {
      for (Atom a : m.atoms()) {
        if (a instanceof Atom.Symbol s) {
          out.add(s.name());
        } else if (a instanceof Atom.FloorDiv f) {
          f.dividend().collectSymbols(out);
        } else {
          ((Atom.Opaque) a).args().forEach(arg -> arg.collectSymbols(out));
        }
      }
    }
  }

  /**
   * Whether this expression is at least 0 for every value of its symbols. Symbols stand for sizes
   * (dims, counts), which are never negative; so a sum of monomials with positive coefficients over
   * such atoms, plus a constant that is not negative, is. Floors of such sums by a positive divisor,
   * minima of such expressions and maxima with one such argument are too. False means "not proved", not "negative".
   */
  public boolean isProvablyNonNegative() {
    for (Map.Entry<Monomial, Long> t : terms.entrySet()) {
      if (t.getValue() < 0) {
        return false;
      }
      for (Atom a : t.getKey().atoms()) {
        if (!atomNonNegative(a)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean atomNonNegative(Atom a) {
    if (a instanceof Atom.Symbol) {
      return true;
    }
    if (a instanceof Atom.FloorDiv f) {
      return f.divisor() > 0 && f.dividend().isProvablyNonNegative();
    }
    Atom.Opaque o = (Atom.Opaque) a;
    if (o.function().equals("max")) {
      return o.args().stream().anyMatch(SymExpr::isProvablyNonNegative);
    }
    if (o.function().equals("min")) {
      return o.args().stream().allMatch(SymExpr::isProvablyNonNegative);
    }
    return false;
  }

  public SymExpr max(SymExpr other) {
    return extremum(other, true);
  }

  public SymExpr min(SymExpr other) {
    return extremum(other, false);
  }

  private SymExpr extremum(SymExpr other, boolean max) {
    if (equals(other)) {
      return this;
    }
    SymExpr diff = minus(other);
    if (diff.isConstant()) {
      boolean thisLarger = diff.constantValue() > 0;
      return thisLarger == max ? this : other;
    }
    // NOTE: symbols are sizes (never negative), so a difference proved non-negative orders the two.
    if (diff.isProvablyNonNegative()) {
      return max ? this : other;
    }
    if (diff.negate().isProvablyNonNegative()) {
      return max ? other : this;
    }
    List<SymExpr> args = new ArrayList<>(List.of(this, other));
    Collections.sort(args);
    return atom(new Atom.Opaque(max ? "max" : "min", args));
  }

  private static void addTerm(TreeMap<Monomial, Long> t, Monomial m, long c) {
    long sum = Math.addExact(t.getOrDefault(m, 0L), c);
    if (sum == 0) {
      t.remove(m);
    } else {
      t.put(m, sum);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymExpr e && terms.equals(e.terms);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = terms.hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(SymExpr o) {
    return toString().compareTo(o.toString());
  }

  /** The printed form, e.g. {@code floor((w-1)/2)+1}; {@code dim_param} carries it. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = SymExprPrinter.print(this);
      text = t;
    }
    return t;
  }

  /** An irreducible factor: a symbol, a floor-division by a constant, or another opaque term. */
  sealed interface Atom extends Comparable<Atom> {
    String key();

    @Override
    default int compareTo(Atom o) {
      return key().compareTo(o.key());
    }

    record Symbol(String name) implements Atom {
      public Symbol {
        Objects.requireNonNull(name);
      }

      public String key() {
        return "0:" + name;
      }
    }

    record FloorDiv(SymExpr dividend, long divisor) implements Atom {
      public String key() {
        return "1:" + dividend + "/" + divisor;
      }
    }

    record Opaque(String function, List<SymExpr> args) implements Atom {
      public Opaque {
        args = List.copyOf(args);
      }

      public String key() {
        return "2:" + function + args;
      }
    }
  }

  /** A product of atoms, kept sorted; {@link #ONE} is the empty product. */
  static final class Monomial implements Comparable<Monomial> {
    static final Monomial ONE = new Monomial(List.of());
    private final List<Atom> atoms;
    private final String key;

    private Monomial(List<Atom> atoms) {
      this.atoms = atoms;
      StringBuilder sb = new StringBuilder();
      for (Atom a : atoms) {
        sb.append(a.key()).append('\u0001');
      }
      this.key = sb.toString();
    }

    static Monomial of(Atom atom) {
      return new Monomial(List.of(atom));
    }

    List<Atom> atoms() {
      return atoms;
    }

    /** This monomial without the atoms of {@code o}, if it has them all. */
    Optional<Monomial> dividedBy(Monomial o) {
      List<Atom> rest = new ArrayList<>(atoms);
      for (Atom a : o.atoms) {
        if (!rest.remove(a)) {
          return Optional.empty();
        }
      }
      return Optional.of(new Monomial(List.copyOf(rest)));
    }

    Monomial times(Monomial o) {
      List<Atom> all = new ArrayList<>(atoms);
      all.addAll(o.atoms);
      Collections.sort(all);
      return new Monomial(List.copyOf(all));
    }

    @Override
    public int compareTo(Monomial o) {
      // NOTE: the constant term sorts last so that printing reads "h+1", not "1+h".
      if (atoms.isEmpty() != o.atoms.isEmpty()) {
        return atoms.isEmpty() ? 1 : -1;
      }
      return key.compareTo(o.key);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Monomial m && key.equals(m.key);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }
  }
}
