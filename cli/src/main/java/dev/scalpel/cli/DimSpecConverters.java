package dev.scalpel.cli;

import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.DimSpecParser;
import dev.scalpel.passes.dims.InputShape;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converters of {@code --input-shape}, {@code --input-dim} and {@code --rename-dim}: the syntax is
 * {@link DimSpecParser}'s, and its message becomes the usage error.
 */
final class DimSpecConverters {
  private DimSpecConverters() {}

  /** {@code INPUT=1x3x224x224}. */
  static final class ShapeConverter implements ITypeConverter<InputShape> {
    @Override
    public InputShape convert(String text) {
      try {
        return DimSpecParser.shape(text);
      } catch (DimSpecException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code INPUT:AXIS=DIM}. */
  static final class DimConverter implements ITypeConverter<DimChange> {
    @Override
    public DimChange convert(String text) {
      try {
        return DimSpecParser.dimChange(text);
      } catch (DimSpecException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code OLD=NEW}. */
  static final class RenameConverter implements ITypeConverter<Map.Entry<String, String>> {
    @Override
    public Map.Entry<String, String> convert(String text) {
      try {
        return DimSpecParser.rename(text);
      } catch (DimSpecException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
