package dev.scalpel.runtime.convert;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckRequest;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.RetypedReference;
import dev.scalpel.runtime.Tolerance;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The conversions of {@code scalpel convert} as {@link CheckedEdit}s, ready to run or to configure
 * further: the edit applied to a copy, the result proven against the original in ONNX Runtime.
 */
public final class CheckedConversion {
  /**
   * The default tolerance of a float16 check: 1e-2 absolute and relative. A whole network in
   * float16 rounds every intermediate to 11 significant bits (2^-11 ≈ 4.9e-4 relative each), and
   * the rounding errors of dozens of layers add up to a few 1e-3 of the output's magnitude; 1e-2
   * is the bound issue 14 sets for a correct conversion. An overflow (inf) or a lost op is far
   * outside it.
   */
  public static final Tolerance FLOAT16 = new Tolerance(1e-2, 1e-2);
  /**
   * The default tolerance of a bfloat16 check: 2e-2 absolute and relative, about ten roundings.
   * bfloat16 keeps 8 significant bits, so each rounding (to nearest) moves a value by up to 2^-9 ≈
   * 2e-3 of itself, eight times float16's; the emulation rounds after every op, weights and inputs
   * included. On the corpus (opset 22, every op converted) the worst element needs between 5e-3
   * and 1e-2 (two-layer BERTs; CNNs less), so 2e-2 leaves twice that, while a lost op, a corrupted
   * weight or a sum bfloat16 cannot hold is off by the order of the output itself. Deeper networks
   * add up more roundings and may need {@code --rtol}.
   */
  public static final Tolerance BFLOAT16 = new Tolerance(2e-2, 2e-2);

  /**
   * What to convert: an opset (first), a half type (then), or both.
   *
   * @param opset the target default-domain opset, if any
   * @param precision the float16/bfloat16 conversion, if any
   * @param measureMagnitudes for float16, first run the original on the check's inputs and keep
   *     in float32 the values that grow beyond {@link ValueMagnitudes#FLOAT16_LIMIT} (their
   *     producers and readers); ONNX Runtime's CPU provider itself runs ops without a float16
   *     kernel in float32, so the check alone does not see every overflow a GPU would
   */
  public record Request(OptionalLong opset, Optional<Float16Converter.Options> precision, boolean measureMagnitudes) {
    public static Request opset(long target) {
      return new Request(OptionalLong.of(target), Optional.empty(), false);
    }

    public static Request precision(Float16Converter.Options options) {
      return new Request(OptionalLong.empty(), Optional.of(options), true);
    }

    public Request withOpset(long target) {
      return new Request(OptionalLong.of(target), precision, measureMagnitudes);
    }

    public Request withMeasureMagnitudes(boolean measure) {
      return new Request(opset, precision, measure);
    }
  }

  /** What the conversions did; each present when it was asked for. */
  public record Done(Optional<OpsetConverter.Result> opset, Optional<Float16Converter.Result> precision) {}

  private CheckedConversion() {}

  /**
   * {@code source} converted as {@code request} says, checked with {@code check}. With a half type
   * the result is compared with the original seen through the converted model's signature
   * ({@link #referenceFor}; the converted model's half outputs widened exactly and compared with
   * the original's float32 outputs, not with their rounding: {@link #proveHalf}; a bfloat16 model
   * through its {@link Bfloat16Emulation}), and a tolerance left at its
   * default becomes {@link #FLOAT16} or {@link #BFLOAT16}; an opset conversion alone keeps the
   * usual tolerances (the signature does not change).
   */
  public static CheckedEdit<Done> of(ModelSource source, Request request, CheckOptions check) {
    return build(source, request, check, d -> d);
  }

  private static <R> CheckedEdit<R> build(ModelSource source, Request request, CheckOptions check,
      java.util.function.Function<Done, R> pick) {
    Optional<Float16Converter.Options> precision = request.precision();
    boolean bf16 = precision.map(p -> p.target() == DataType.BFLOAT16).orElse(false);
    if (precision.isPresent() && request.measureMagnitudes() && !bf16) {
      precision = Optional.of(precision.get().withLargeValues(
          ValueMagnitudes.above(ValueMagnitudes.measure(source, check), ValueMagnitudes.FLOAT16_LIMIT)));
    }
    Optional<Float16Converter.Options> options = precision;
    CheckedEdit<R> edit = CheckedEdit.of(source, copy -> pick.apply(apply(copy, request.opset(), options)));
    if (precision.isEmpty()) {
      return edit.checkedWith(check);
    }
    CheckOptions o = checkOptions(request, check);
    return edit.checkedWith(o)
        .comparedWith(converted -> referenceFor(source, converted))
        .provedBy(CheckedConversion::proveHalf);
  }

  /**
   * What {@code converted}, a half-precision conversion of {@code source}, is checked against: the
   * original seen through the converted model's signature ({@link RetypedReference}: inputs fed in
   * the half type to both); for a model checked as its {@link Bfloat16Emulation}, which takes the
   * original's float32 inputs and rounds them itself, the original as it is.
   *
   * <p>NOTE: so the input rounding is part of a bfloat16 check's error, and the reference never
   * holds a bfloat16 Cast, which an original below opset 13 could not (`--opset 13 --dtype bf16`).
   */
  public static ModelSource referenceFor(ModelSource source, Model converted) {
    return emulated(converted) ? source : ModelSource.of(RetypedReference.of(source.model(), converted));
  }

  /**
   * The proof of a half-precision conversion: {@code converted} against {@code reference} ({@link
   * #referenceFor}), half outputs widened ({@link EquivalenceChecker.OutputTypes#WIDENED}). A model
   * holding bfloat16 is run as its {@link Bfloat16Emulation} (ONNX Runtime's CPU provider lacks most
   * bfloat16 kernels), once ONNX Runtime has loaded the model itself as far as its kernels.
   *
   * @throws Bfloat16EmulationException if a bfloat16 model cannot be emulated, or ONNX Runtime
   *     refuses to load its emulation
   * @throws ModelNotRunnableException if ONNX Runtime refuses the converted model for another reason
   *     than a missing kernel (mismatched types, say)
   */
  public static EquivalenceReport proveHalf(ModelSource reference, ModelSource converted, CheckOptions options) {
    if (!emulated(converted.model())) {
      return EquivalenceChecker.check(CheckRequest.of(reference, converted, options).withOutputTypes(EquivalenceChecker.OutputTypes.WIDENED));
    }
    requireLoadableButForKernels(converted);
    ModelSource emulation = ModelSource.of(Bfloat16Emulation.of(converted.model()));
    try {
      return EquivalenceChecker.check(CheckRequest.of(reference, emulation, options).withOutputTypes(EquivalenceChecker.OutputTypes.WIDENED));
    } catch (ModelNotRunnableException e) {
      if (e.role() != ModelRole.REWRITTEN || e.stage() != ModelNotRunnableException.Stage.LOAD) {
        throw e;
      }
      throw new Bfloat16EmulationException("ONNX Runtime cannot load the float32 emulation of the bfloat16 model: "
          + e.ortMessage(), e);
    }
  }

  /**
   * Loads {@code converted} itself in ONNX Runtime, which resolves and type-checks its graph before
   * it looks for kernels, and accepts only a refusal for want of a kernel.
   *
   * <p>NOTE: the emulation retypes every bfloat16 value to float32, so a converted model whose types
   * do not fit (a bfloat16 value read where float32 is bound) would run as its emulation; ONNX
   * Runtime's own load sees it, and it is reported as for float16 (the rewritten model refused).
   *
   * @throws ModelNotRunnableException if ONNX Runtime refuses {@code converted} for another reason
   */
  private static void requireLoadableButForKernels(ModelSource converted) {
    try (OrtRunner loaded = OrtRunner.open(converted, ModelRole.REWRITTEN)) {
      // it loads: every op has a kernel here; the emulation is run all the same, so that what the
      // check proves does not depend on which bfloat16 kernels this ONNX Runtime has
    } catch (ModelNotRunnableException e) {
      if (e.stage() != ModelNotRunnableException.Stage.LOAD || !e.ortMessage().contains(MISSING_KERNEL)) {
        throw e;
      }
    }
  }

  /** ONNX Runtime's words when no kernel of its providers implements a node (status NOT_IMPLEMENTED). */
  private static final String MISSING_KERNEL = "Could not find an implementation for";

  /** Whether the check of {@code converted} runs its {@link Bfloat16Emulation}: it holds bfloat16. */
  public static boolean emulated(Model converted) {
    return Bfloat16Emulation.needed(converted);
  }

  /**
   * The options the check of {@code request} runs with: {@code check}, with {@link #FLOAT16} or
   * {@link #BFLOAT16} as its tolerance when a half type is asked and the tolerance is the default.
   */
  public static CheckOptions checkOptions(Request request, CheckOptions check) {
    if (request.precision().isEmpty() || check.tolerance() != Tolerance.DEFAULT) {
      return check;
    }
    return check.withTolerance(request.precision().get().target() == DataType.BFLOAT16 ? BFLOAT16 : FLOAT16);
  }

  /** {@code source} in float16 or bfloat16; see {@link #of} and {@link Request#measureMagnitudes()}. */
  public static CheckedEdit<Float16Converter.Result> float16(ModelSource source, Float16Converter.Options options,
      CheckOptions check, boolean measureMagnitudes) {
    Request r = Request.precision(options).withMeasureMagnitudes(measureMagnitudes);
    return build(source, r, check, d -> d.precision().orElseThrow());
  }

  /** {@code source} at default-domain opset {@code target}; see {@link #of}. */
  public static CheckedEdit<OpsetConverter.Result> opset(ModelSource source, long target, CheckOptions check) {
    return build(source, Request.opset(target), check, d -> d.opset().orElseThrow());
  }

  private static Done apply(Model copy, OptionalLong opset, Optional<Float16Converter.Options> precision) {
    Analyses analyses = new Analyses();
    Optional<OpsetConverter.Result> o = opset.isPresent()
        ? Optional.of(new OpsetConverter(opset.getAsLong()).apply(copy, analyses))
        : Optional.empty();
    Optional<Float16Converter.Result> p = precision.map(options -> new Float16Converter(options).apply(copy, analyses));
    return new Done(o, p);
  }
}
