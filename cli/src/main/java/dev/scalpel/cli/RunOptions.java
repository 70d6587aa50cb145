package dev.scalpel.cli;

import dev.scalpel.runtime.CheckOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of commands that run models through ONNX Runtime ({@code validate}, {@code check}):
 * the values of dynamic dims, the seed of the random inputs, and the memory budget of one run.
 */
final class RunOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--dims", paramLabel = "SYMBOL=V1,V2", converter = DimOption.Converter.class,
      description = "Values of a dynamic dim, one run per value (repeatable), such as "
          + "batch=1,4. Default: two values of every dynamic dim, 2 and 3 (8,13 or 32,48 "
          + "when the model needs larger ones).")
  private List<DimOption> dims = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** Null for the default of {@link CheckOptions#defaults()}. */
  private Long maxCheckBytes;

  @Option(names = "--max-check-bytes", paramLabel = "BYTES", converter = ByteCount.Converter.class,
      description = "Most memory one run of the check may need, predicted from inferred shapes "
          + "(inputs and live values at the chosen dim sizes), such as 512M or 4G. Sizes that need "
          + "more are not tried; if none fits, the check is not made (exit 1). Default: a quarter "
          + "of the free physical memory, at most a quarter of the JVM's heap limit.")
  void maxCheckBytes(long bytes) {
    if (bytes <= 0) {
      throw new ParameterException(mixee.commandLine(), "--max-check-bytes must be positive");
    }
    maxCheckBytes = bytes;
  }

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
    if (maxCheckBytes != null) {
      options = options.withMaxCheckBytes(maxCheckBytes);
    }
    for (Map.Entry<String, List<Long>> e : dims().entrySet()) {
      if (symbols.contains(e.getKey())) {
        options = options.withDim(e.getKey(), e.getValue().stream().mapToLong(Long::longValue).toArray());
      }
    }
    return options;
  }
}
