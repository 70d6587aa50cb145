package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an equivalence check. Immutable; start from {@link #defaults()} and derive with the
 * {@code with...} methods.
 *
 * @param seed seed of the random inputs
 * @param tolerance tolerance of every floating-point output without an override; {@link
 *     Tolerance#DEFAULT} itself (the instance, not a user's choice of the same numbers) stands for
 *     "not chosen", under which each output gets {@link Tolerance#defaultFor} its type
 * @param outputTolerances per-output tolerances, by output name
 * @param dims dynamic-dim overrides, symbol → values ({@code batch=1,4}); see {@link DimPlanner}
 * @param inputs user-supplied input tensors by input name; they replace generated ones
 * @param floatRange range of generated floating-point inputs
 * @param integerRange range of generated integer inputs
 * @param inputRanges per-input ranges, by input name
 * @param intraOpThreads ONNX Runtime intra-op threads per session
 * @param rewrittenInputs inputs that only the rewritten model has, by name, fed to it in every run
 *     with the value at which it should compute what the original computes (the factor of a
 *     parameterized Resize set to the baked scale, for one)
 * @param maxCheckBytes the most memory one run of the check may need by {@link CheckFootprint}'s
 *     prediction (inputs and every value shape inference sizes); dims that need more are not
 *     tried; {@link #DEFAULT_CHECK_BYTES} stands for {@link CheckFootprint#defaultBudget()}, taken
 *     when {@link #maxCheckBytes()} is read
 */
public record CheckOptions(
    long seed,
    Tolerance tolerance,
    Map<String, Tolerance> outputTolerances,
    Map<String, List<Long>> dims,
    Map<String, Tensor> inputs,
    ValueRange floatRange,
    ValueRange integerRange,
    Map<String, ValueRange> inputRanges,
    int intraOpThreads,
    Map<String, Tensor> rewrittenInputs,
    long maxCheckBytes) {

  /**
   * The {@code maxCheckBytes} of {@link #defaults()}: {@link CheckFootprint#defaultBudget()}, read
   * when the check asks for the budget rather than when the options are made.
   *
   * <p>NOTE: reading the free memory costs file reads of the cgroup's limits; options are made on
   * every simplify, most often with the check off, so the reading waits until a check needs it.
   */
  public static final long DEFAULT_CHECK_BYTES = 0;

  public CheckOptions {
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(floatRange, "floatRange");
    Objects.requireNonNull(integerRange, "integerRange");
    outputTolerances = Map.copyOf(outputTolerances);
    Map<String, List<Long>> d = new LinkedHashMap<>();
    dims.forEach((k, v) -> d.put(k, List.copyOf(v)));
    dims = java.util.Collections.unmodifiableMap(d);
    inputs = Map.copyOf(inputs);
    inputRanges = Map.copyOf(inputRanges);
    rewrittenInputs = Map.copyOf(rewrittenInputs);
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1");
    }
    if (maxCheckBytes < 0) {
      throw new IllegalArgumentException("maxCheckBytes must be positive (or DEFAULT_CHECK_BYTES)");
    }
  }

  /**
   * Seed 0, {@link Tolerance#DEFAULT}, default dims and ranges, no user inputs, one thread, the
   * default memory budget.
   */
  public static CheckOptions defaults() {
    return new CheckOptions(0, Tolerance.DEFAULT, Map.of(), Map.of(), Map.of(),
        ValueRange.DEFAULT_FLOAT, ValueRange.DEFAULT_INTEGER, Map.of(), 1, Map.of(), DEFAULT_CHECK_BYTES);
  }

  /**
   * The most memory one run of the check may need: the budget chosen, or for {@link
   * #DEFAULT_CHECK_BYTES} {@link CheckFootprint#defaultBudget()} as it is now (always positive).
   * A check reads it once and keeps the number, so all its runs and messages use the same budget.
   */
  @Override
  public long maxCheckBytes() {
    return maxCheckBytes == DEFAULT_CHECK_BYTES ? CheckFootprint.defaultBudget() : maxCheckBytes;
  }

  /** The tolerance that applies to output {@code name} of type float32. */
  public Tolerance toleranceFor(String name) {
    return toleranceFor(name, DataType.FLOAT);
  }

  /**
   * The tolerance that applies to output {@code name} of element type {@code type}: its
   * override, else the chosen tolerance, else the default of its type.
   */
  public Tolerance toleranceFor(String name, DataType type) {
    Tolerance override = outputTolerances.get(name);
    if (override != null) {
      return override;
    }
    // NOTE: identity on purpose: a user who passes --atol 1e-5 --rtol 1e-4 chose those numbers for
    // every output, float16 ones included; only the untouched default widens per type.
    return tolerance == Tolerance.DEFAULT ? Tolerance.defaultFor(type) : tolerance;
  }

  /** The input generator these options describe. */
  public InputGenerator inputGenerator() {
    return new InputGenerator(seed, floatRange, integerRange, inputRanges);
  }

  public CheckOptions withSeed(long newSeed) {
    return new CheckOptions(newSeed, tolerance, outputTolerances, dims, inputs, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withTolerance(Tolerance t) {
    return new CheckOptions(seed, t, outputTolerances, dims, inputs, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withOutputTolerance(String output, Tolerance t) {
    Map<String, Tolerance> m = new LinkedHashMap<>(outputTolerances);
    m.put(output, t);
    return new CheckOptions(seed, tolerance, m, dims, inputs, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  /** Overrides the values of dynamic dim {@code symbol}, e.g. {@code withDim("batch", 1, 4)}. */
  public CheckOptions withDim(String symbol, long... values) {
    Map<String, List<Long>> m = new LinkedHashMap<>(dims);
    m.put(symbol, java.util.Arrays.stream(values).boxed().collect(java.util.stream.Collectors.toList()));
    return new CheckOptions(seed, tolerance, outputTolerances, m, inputs, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withInput(String name, Tensor tensor) {
    Map<String, Tensor> m = new LinkedHashMap<>(inputs);
    m.put(name, tensor);
    return new CheckOptions(seed, tolerance, outputTolerances, dims, m, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withInputs(Map<String, Tensor> tensors) {
    Map<String, Tensor> m = new LinkedHashMap<>(inputs);
    m.putAll(tensors);
    return new CheckOptions(seed, tolerance, outputTolerances, dims, m, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withFloatRange(ValueRange r) {
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, r, integerRange, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withIntegerRange(ValueRange r) {
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, floatRange, r, inputRanges, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withInputRange(String input, ValueRange r) {
    Map<String, ValueRange> m = new LinkedHashMap<>(inputRanges);
    m.put(input, r);
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, floatRange, integerRange, m, intraOpThreads, rewrittenInputs, maxCheckBytes);
  }

  public CheckOptions withIntraOpThreads(int threads) {
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, floatRange, integerRange, inputRanges, threads, rewrittenInputs, maxCheckBytes);
  }

  /** Feeds input {@code name}, which only the rewritten model has, with {@code tensor} in every run. */
  public CheckOptions withRewrittenInput(String name, Tensor tensor) {
    Map<String, Tensor> m = new LinkedHashMap<>(rewrittenInputs);
    m.put(name, tensor);
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, floatRange, integerRange, inputRanges, intraOpThreads, m, maxCheckBytes);
  }

  /** Limits one run of the check to {@code bytes} of predicted memory (see {@link #maxCheckBytes}). */
  public CheckOptions withMaxCheckBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxCheckBytes must be positive");
    }
    return new CheckOptions(seed, tolerance, outputTolerances, dims, inputs, floatRange, integerRange, inputRanges, intraOpThreads, rewrittenInputs, bytes);
  }
}
