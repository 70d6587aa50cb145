package dev.scalpel.cli;

import dev.scalpel.passes.dims.DimChange;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --input-dim INPUT:AXIS=DIM}: one dim of an input to change ({@code set-dims} takes a size,
 * a symbol or {@code ?}; {@code make-dynamic} a symbol). The syntax is
 * {@link dev.scalpel.passes.dims.DimSpecParser#dimChange}'s.
 *
 * <p>NOTE: it was {@code --dim}, one letter from the check's {@code --dims SYMBOL=V1,V2} ({@link
 * RunOptions}), which {@code make-dynamic} has as well; {@code --dim} still works (hidden) and
 * says it is deprecated.
 */
final class InputDimOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--input-dim", paramLabel = "INPUT:AXIS=DIM", converter = DimSpecConverters.DimConverter.class,
      description = "One dim of an input to change, such as x:0=batch (repeatable).")
  private List<DimChange> dims = new ArrayList<>();

  private final RetiredNames.Values<DimChange> retired = new RetiredNames.Values<>("--dim");

  @Option(names = "--dim", hidden = true, converter = DimSpecConverters.DimConverter.class,
      description = "Former name of --input-dim.")
  void dim(List<DimChange> given) {
    retired.set(mixee, given);
  }

  /** The changes given, in order: --input-dim's, then those of the former name --dim. */
  List<DimChange> dims() {
    return retired.after(dims);
  }
}
