package dev.scalpel.runtime.convert;

import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.RetypedReference;
import dev.scalpel.runtime.Tolerance;

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
  /** The default tolerance of a bfloat16 check: its 8 significant bits (2^-8 ≈ 3.9e-3 each). */
  public static final Tolerance BFLOAT16 = new Tolerance(5e-2, 5e-2);

  private CheckedConversion() {}

  /**
   * {@code source} converted by {@link Float16Converter}, checked against the original seen
   * through the converted model's signature ({@link RetypedReference}: inputs fed in the half type
   * to both) with {@code check}, whose tolerance is replaced by {@link #FLOAT16} or {@link
   * #BFLOAT16} when it is the untouched default.
   *
   * @param measureMagnitudes for float16, first run the original on the check's inputs and keep
   *     in float32 the values that grow beyond {@link ValueMagnitudes#FLOAT16_LIMIT} (their
   *     producers and readers); ONNX Runtime itself runs ops without a float16 kernel in float32,
   *     so the check alone does not see every overflow a GPU would
   */
  public static CheckedEdit<Float16Converter.Result> float16(ModelSource source, Float16Converter.Options options,
      CheckOptions check, boolean measureMagnitudes) {
    boolean bf16 = options.target() == dev.scalpel.graph.DataType.BFLOAT16;
    Float16Converter.Options withRanges = measureMagnitudes && !bf16
        ? options.withLargeValues(ValueMagnitudes.above(ValueMagnitudes.measure(source, check), ValueMagnitudes.FLOAT16_LIMIT))
        : options;
    Float16Converter converter = new Float16Converter(withRanges);
    CheckOptions o = check.tolerance() == Tolerance.DEFAULT ? check.withTolerance(bf16 ? BFLOAT16 : FLOAT16) : check;
    return CheckedEdit.of(source, copy -> converter.apply(copy, new Analyses()))
        .checkedWith(o)
        .comparedWith(converted -> ModelSource.of(RetypedReference.of(source.model(), converted)));
  }

  /**
   * {@code source} converted to default-domain opset {@code target} by {@link OpsetConverter},
   * checked against the original with {@code check} (the signature does not change, so the
   * tolerances are the usual ones).
   */
  public static CheckedEdit<OpsetConverter.Result> opset(ModelSource source, long target, CheckOptions check) {
    OpsetConverter converter = new OpsetConverter(target);
    return CheckedEdit.of(source, copy -> converter.apply(copy, new Analyses())).checkedWith(check);
  }
}
