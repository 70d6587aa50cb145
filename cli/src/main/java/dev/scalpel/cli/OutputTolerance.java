package dev.scalpel.cli;

import dev.scalpel.runtime.Tolerance;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One {@code --tolerance OUTPUT=ATOL:RTOL} option: the tolerance of one output. */
record OutputTolerance(String output, Tolerance tolerance) {

  /** Parses {@code OUTPUT=ATOL:RTOL}; both numbers must be non-negative. */
  static final class Converter implements ITypeConverter<OutputTolerance> {
    @Override
    public OutputTolerance convert(String text) {
      String[] parts = NumberPair.splitName(text, "OUTPUT=ATOL:RTOL");
      NumberPair p = NumberPair.parse(parts[1], "ATOL:RTOL");
      if (p.first() < 0 || p.second() < 0) {
        throw new TypeConversionException("'" + text + "': tolerances must be non-negative");
      }
      return new OutputTolerance(parts[0], new Tolerance(p.first(), p.second()));
    }
  }
}
