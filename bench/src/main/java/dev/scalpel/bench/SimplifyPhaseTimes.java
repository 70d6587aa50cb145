package dev.scalpel.bench;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@link SimplifyModelBenchmark#simplifyNotDurable}'s time goes on one model: the same
 * read, simplify and write (no syncs) in a loop, each phase timed on its own, reported per round
 * of {@code SECONDS} (two rounds; the second is the warm one).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.scalpel.bench.SimplifyPhaseTimes MODEL [SECONDS]</pre>
 *
 * <p>NOTE: not a JMH benchmark, because JMH times whole calls and the point here is the split of
 * one call; compare totals with {@link SimplifyModelBenchmark}, never with this.
 */
public final class SimplifyPhaseTimes {
  private SimplifyPhaseTimes() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].matches("[1-9][0-9]{0,5}"))) {
      System.err.println("usage: SimplifyPhaseTimes MODEL [SECONDS] (SECONDS a whole number, 1 to 999999)");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 8;
    Path dir = Files.createTempDirectory("scalpel-phase-times");
    Path out = dir.resolve("out.onnx");
    WriteOptions noSyncs = WriteOptions.defaults().withDurable(false);
    SimplifyOptions options = SimplifyOptions.defaults().withValidate(false);
    try {
      for (int round = 0; round < 2; round++) {
        long read = 0;
        long simplify = 0;
        long write = 0;
        long calls = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          Model model = OnnxReader.read(file);
          long t1 = System.nanoTime();
          Model simplified = Simplifier.simplify(model, options).model();
          long t2 = System.nanoTime();
          OnnxWriter.write(simplified, out, noSyncs);
          long t3 = System.nanoTime();
          read += t1 - t0;
          simplify += t2 - t1;
          write += t3 - t2;
          calls++;
        }
        System.out.printf("%s round %d: %d calls, µs per call: read %.1f, simplify %.1f, write %.1f, total %.1f%n",
            file.getFileName(), round, calls, read / 1e3 / calls, simplify / 1e3 / calls, write / 1e3 / calls,
            (read + simplify + write) / 1e3 / calls);
      }
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(dir);
    }
  }
}
