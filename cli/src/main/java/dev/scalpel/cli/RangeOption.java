package dev.scalpel.cli;

import dev.scalpel.runtime.ValueRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --input-range NAME=LO:HI} option: the range random values of one input are drawn
 * from. {@link RangeConverter} parses the plain {@code LO:HI} of {@code --float-range} and {@code
 * --int-range}.
 */
record RangeOption(String input, ValueRange range) {

  static ValueRange parseRange(String text) {
    NumberPair p = NumberPair.parse(text, "LO:HI");
    if (p.first() > p.second()) {
      throw new TypeConversionException("'" + text + "': LO is above HI");
    }
    return new ValueRange(p.first(), p.second());
  }

  /** Parses {@code LO:HI}. */
  static final class RangeConverter implements ITypeConverter<ValueRange> {
    @Override
    public ValueRange convert(String text) {
      return parseRange(text);
    }
  }

  /** Parses {@code NAME=LO:HI}. */
  static final class Converter implements ITypeConverter<RangeOption> {
    @Override
    public RangeOption convert(String text) {
      String[] parts = NumberPair.splitName(text, "NAME=LO:HI");
      return new RangeOption(parts[0], parseRange(parts[1]));
    }
  }
}
