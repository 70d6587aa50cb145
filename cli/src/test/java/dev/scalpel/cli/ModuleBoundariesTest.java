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
 * The layering of the reactor, checked over the main sources of every module: dependencies point
 * one way (graph ← opset ← passes ← runtime ← cli), protobuf stays inside the graph module's
 * reader and writer, and no two main classes share a simple name.
 *
 * <p>NOTE: a source scan rather than {@code module-info.java} files: the modules are still gaining
 * packages in parallel work, and a module descriptor that misses one breaks the build of every
 * module downstream; this test names the offending file instead.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final List<String> LAYERS = List.of("graph", "opset", "passes", "runtime", "cli");
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
    assertThat(sources.keySet()).containsAll(LAYERS);
    assertThat(sources.get("graph")).anySatisfy(p -> assertThat(p.toString()).endsWith("graph/Constants.java"));
  }

  @Test
  void dependenciesPointOneWay() {
    List<String> violations = new ArrayList<>();
    sources().forEach((module, files) -> {
      int layer = LAYERS.indexOf(module);
      if (layer < 0) {
        return; // bench and testdata sit on top
      }
      for (Path f : files) {
        for (String ref : references(f)) {
          int used = LAYERS.indexOf(ref.startsWith("dev.scalpel.") ? ref.split("\\.")[2] : "");
          if (used > layer) {
            violations.add(relative(f) + " uses " + ref);
          }
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  @Test
  void protobufStaysInsideGraphIo() {
    List<String> violations = new ArrayList<>();
    sources().forEach((module, files) -> {
      for (Path f : files) {
        String path = relative(f).replace('\\', '/');
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
