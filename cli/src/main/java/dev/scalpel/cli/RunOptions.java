package dev.scalpel.cli;

import dev.scalpel.runtime.CheckOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options of commands that run models through ONNX Runtime ({@code validate}, {@code check}):
 * the values of dynamic dims and the seed of the random inputs.
 */
final class RunOptions {
  @Option(names = "--dims", paramLabel = "SYMBOL=V1,V2", converter = DimOption.Converter.class,
      description = "Values of a dynamic dim, one run per value (repeatable), such as "
          + "batch=1,4. Default: two values of every dynamic dim, 2 and 3 (8,13 or 32,48 "
          + "when the model needs larger ones).")
  private List<DimOption> dims = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** The dim overrides, symbol to values; a symbol given twice keeps its last values. */
  Map<String, List<Long>> dims() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (DimOption d : dims) {
      out.put(d.symbol(), d.values());
    }
    return out;
  }

  /** {@code base} with this seed and the overrides of {@code symbols} among {@link #dims()}. */
  CheckOptions apply(CheckOptions base, Set<String> symbols) {
    CheckOptions options = base.withSeed(seed);
    for (Map.Entry<String, List<Long>> e : dims().entrySet()) {
      if (symbols.contains(e.getKey())) {
        options = options.withDim(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).toArray());
      }
    }
    return options;
  }
}
