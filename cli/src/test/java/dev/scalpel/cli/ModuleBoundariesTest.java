package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the reactor's layering that the module descriptors ({@code module-info.java}) cannot
 * state, checked over the main sources of every module: protobuf stays inside the graph module's
 * reader and writer and the schema reader, one owner runs shape inference, and no two main classes
 * share a simple name.
 *
 * <p>NOTE: javac enforces the rest: dependencies point one way (graph ← opset ← passes ← runtime ←
 * cli, each module requires only the ones below it) and no module but graph can name the generated
 * ONNX classes ({@code dev.scalpel.graph.io.proto} is not exported). What remains here is finer than
 * a module (a package or a class inside one module) or out of a descriptor's reach: protobuf's
 * runtime is an automatic module, and reading any automatic module reads them all, so every module
 * can name it (JGraphT, which graph's API hands out, requires the automatic jheaps and apfloat).
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.scalpel\\.[a-z]+|com\\.google\\.protobuf)\\b[.\\w]*");

  /** Every main Java source of the reactor, by module directory. */
  private static Map<String, List<Path>> sources() {
    Map<String, List<Path>> out = new TreeMap<>();
    for (String module : List.of("graph", "opset", "passes", "runtime", "cli", "bench", "testdata")) {
      Path dir = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        out.put(module, files.filter(p -> p.toString().endsWith(".java")).sorted().toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static List<String> references(Path file) {
    List<String> out = new ArrayList<>();
    try {
      Matcher m = REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        out.add(m.group());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String relative(Path file) {
    return ROOT.relativize(file).toString();
  }

  @Test
  void theScanFindsTheReactor() {
    Map<String, List<Path>> sources = sources();
    assertThat(sources.keySet()).contains("graph", "opset", "passes", "runtime", "cli");
    assertThat(sources.get("graph")).anySatisfy(p -> assertThat(p.toString()).endsWith("graph/Constants.java"));
  }

  /**
   * ONNX's protobuf classes inside graph.io alone, protobuf's runtime also in the schema reader.
   *
   * <p>NOTE: across modules javac already refuses the ONNX classes; this catches the packages of the
   * graph module beside graph.io, and protobuf's runtime, readable everywhere as an automatic module. The
   * descriptors themselves name protobuf to require it and open the generated packages to it.
   */
  @Test
  void protobufStaysInsideGraphIo() {
    List<String> violations = new ArrayList<>();
    sources().forEach((module, files) -> {
      for (Path f : files) {
        String path = relative(f).replace('\\', '/');
        if (path.endsWith("/module-info.java")) {
          continue;
        }
        boolean reader = path.startsWith("graph/src/main/java/dev/scalpel/graph/io/");
        // NOTE: opset stores its schemas in its own protobuf format (opset.proto, not ONNX's), read
        // in one place; ONNX's protobuf types stay in graph.io.
        boolean schemaResource = path.equals("opset/src/main/java/dev/scalpel/opset/SchemaResource.java");
        for (String ref : references(f)) {
          boolean onnxProto = ref.startsWith("dev.scalpel.graph.io.proto");
          boolean runtime = ref.startsWith("com.google.protobuf");
          if ((onnxProto && !reader) || (runtime && !reader && !schemaResource)) {
            violations.add(path + " uses " + ref);
          }
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  /** One owner runs shape inference outside the opset module, so every run is cached and counted. */
  @Test
  void onlyAnalysesRunsShapeInferenceOutsideOpset() {
    List<String> violations = new ArrayList<>();
    Pattern call = Pattern.compile("\\bShapeInference\\.run\\(");
    sources().forEach((module, files) -> {
      for (Path f : files) {
        String path = relative(f).replace('\\', '/');
        if (module.equals("opset") || path.endsWith("passes/src/main/java/dev/scalpel/passes/Analyses.java")
            || module.equals("bench")) {
          continue; // NOTE: bench times inference itself, on purpose without the cache
        }
        try {
          if (call.matcher(Files.readString(f)).find()) {
            violations.add(path);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  @Test
  void noTwoMainClassesShareASimpleName() {
    Map<String, List<String>> byName = new TreeMap<>();
    sources().values().forEach(files -> files.forEach(f -> {
      String name = f.getFileName().toString();
      if (!name.equals("package-info.java") && !name.equals("module-info.java")) {
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(relative(f));
      }
    }));
    byName.values().removeIf(paths -> paths.size() < 2);
    assertThat(byName).isEmpty();
  }
}
