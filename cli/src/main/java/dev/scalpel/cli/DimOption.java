package dev.scalpel.cli;

import dev.scalpel.runtime.DimPlanner;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --dims SYMBOL=V1,V2} option: the values a dynamic dim takes in the runs, one run per
 * value. The syntax is {@link DimPlanner#parseOverride}'s.
 */
record DimOption(String symbol, List<Long> values) {
  DimOption {
    values = List.copyOf(values);
  }

  /** Parses {@code SYMBOL=V1,V2,...}; a mistake is a usage error. */
  static final class Converter implements ITypeConverter<DimOption> {
    @Override
    public DimOption convert(String text) {
      Map.Entry<String, List<Long>> e;
      try {
        e = DimPlanner.parseOverride(text);
      } catch (IllegalArgumentException ex) {
        throw new TypeConversionException(ex.getMessage());
      }
      if (e.getKey().isEmpty()) {
        throw new TypeConversionException("expected SYMBOL=V1,V2,..., got '" + text + "'");
      }
      return new DimOption(e.getKey(), e.getValue());
    }
  }
}
