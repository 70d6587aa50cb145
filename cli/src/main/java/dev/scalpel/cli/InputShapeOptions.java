package dev.scalpel.cli;

import dev.scalpel.passes.dims.InputShape;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --input-shape NAME=DIMS}: the whole shape an input is given ({@code set-dims} writes it,
 * {@code simplify} simplifies at it, {@code run} runs at it). The syntax is
 * {@link dev.scalpel.passes.dims.DimSpecParser#shape}'s.
 */
final class InputShapeOptions {
  @Option(names = "--input-shape", paramLabel = "NAME=DIMS", converter = DimSpecConverters.ShapeConverter.class,
      description = "Give an input this shape, such as x=1x3x224x224 or x=batch,3,224,224 (repeatable).")
  private List<InputShape> shapes = new ArrayList<>();

  /** The shapes given, in order; a command may add those of a retired spelling. */
  List<InputShape> shapes() {
    return shapes;
  }
}
