package dev.scalpel.cli;

import dev.scalpel.passes.dims.DimChange;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --dim INPUT:AXIS=DIM}: one dim of an input to change ({@code set-dims} takes a size, a
 * symbol or {@code ?}; {@code make-dynamic} a symbol). The syntax is
 * {@link dev.scalpel.passes.dims.DimSpecParser#dimChange}'s.
 */
final class InputDimOptions {
  @Option(names = "--dim", paramLabel = "INPUT:AXIS=DIM", converter = DimSpecConverters.DimConverter.class,
      description = "One dim of an input to change, such as x:0=batch (repeatable).")
  private List<DimChange> dims = new ArrayList<>();

  /** The changes given, in order. */
  List<DimChange> dims() {
    return dims;
  }
}
