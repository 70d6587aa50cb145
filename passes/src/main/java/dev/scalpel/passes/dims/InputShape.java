package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import java.util.List;

/**
 * The whole shape a graph input is given ({@code --input-shape x=1x3x224x224}).
 *
 * @param input the input's name
 * @param dims one dim per axis; static, symbolic or unknown
 */
public record InputShape(String input, List<Dim> dims) {
  public InputShape {
    dims = List.copyOf(dims);
  }
}
