package dev.scalpel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles every {@code ```java} block of the READMEs against the library, so that documented
 * code cannot drift from the API.
 *
 * <p>A block is a method body: it may use {@code in} and {@code out} ({@link Path}s) and {@code
 * dims} (a {@code List<DimChange>}), and the packages imported below; nothing is run.
 */
class ReadmeSnippetsTest {
  private static final String IMPORTS = String.join("\n",
      "import dev.scalpel.graph.*;",
      "import dev.scalpel.graph.build.*;",
      "import dev.scalpel.graph.io.*;",
      "import dev.scalpel.graph.traverse.*;",
      "import dev.scalpel.passes.*;",
      "import dev.scalpel.passes.dims.*;",
      "import dev.scalpel.passes.edit.*;",
      "import dev.scalpel.runtime.*;",
      "import dev.scalpel.runtime.simplify.*;",
      "import java.nio.file.*;",
      "import java.util.List;",
      "import java.util.Map;",
      "import java.util.Set;");

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @ParameterizedTest
  @ValueSource(strings = {"../README.md", "README.md"})
  void everyJavaBlockCompiles(String readme) throws IOException {
    String text = Files.readString(Path.of(readme));
    List<JavaFileObject> sources = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      int line = (int) text.substring(0, m.start()).lines().count() + 1;
      String name = "Snippet" + line;
      String code = IMPORTS + "\nclass " + name + " {\n  @SuppressWarnings(\"unused\")\n"
          + "  static void run(Path in, Path out, List<DimChange> dims) throws Exception {\n"
          + m.group(1) + "\n  }\n}\n";
      sources.add(new Source(name, code));
    }
    assertThat(sources).as("java blocks in " + readme).isNotEmpty();

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createTempDirectory("snippets");
    // NOTE: the snippets compile as a user's code beside the library's modules: Scalpel's modules
    // on the module path (the tests run inside dev.scalpel.examples), so only exported packages
    // resolve; the rest of Surefire's test class path stays on the class path.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String modulePath = System.getProperty("jdk.module.path", "");
    boolean ok = compiler.getTask(null, null, diagnostics,
        List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH",
            "-classpath", classpath, "-d", classes.toString(), "-proc:none"), null, sources).call();

    String errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> readme + " block " + d.getSource().getName() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.joining("\n"));
    assertThat(errors).isEmpty();
    assertThat(ok).isTrue();
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String name, String code) {
      super(URI.create("string:///" + name + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
