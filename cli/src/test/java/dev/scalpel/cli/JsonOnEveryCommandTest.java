package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every subcommand registered in {@link ScalpelCommand}, found through picocli (so a new command is
 * covered, and fails here until it has {@code --json} and a line in {@link #ARGS}; a command with
 * subcommands is covered through them, as {@code "edit insert"}), prints with
 * {@code --json} one JSON document on stdout that names its model under {@code model}: an object, an
 * array of such objects, or an object whose {@code models} array holds them.
 */
class JsonOnEveryCommandTest {
  @TempDir
  Path dir;

  /** The arguments after the command name, given the model file and an output file. */
  private static final Map<String, Function<Path[], List<String>>> ARGS = Map.ofEntries(
      Map.entry("inspect", p -> List.of(p[0].toString())),
      Map.entry("convert", p -> List.of(p[0].toString(), "-o", p[1].toString())),
      Map.entry("validate", p -> List.of(p[0].toString(), p[0].toString())),
      Map.entry("check", p -> List.of(p[0].toString())),
      Map.entry("lint", p -> List.of(p[0].toString())),
      Map.entry("infer-shapes", p -> List.of(p[0].toString(), "-o", p[1].toString())),
      Map.entry("fold", p -> List.of(p[0].toString(), "-o", p[1].toString())),
      Map.entry("simplify", p -> List.of(p[0].toString(), "-o", p[1].toString())),
      Map.entry("set-dims", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--input-dim", "x:0=batch")),
      Map.entry("make-dynamic", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--input-dim", "x:0=batch")),
      Map.entry("parameterize-resize", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--node", "up")),
      Map.entry("insert-resize", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--after", "y",
          "--scales", "1,1,2,2")),
      Map.entry("trt", p -> List.of(p[0].toString())),
      Map.entry("audit-shapes", p -> List.of(p[0].toString())),
      Map.entry("run", p -> List.of(p[0].toString())),
      Map.entry("extract", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--inputs", "x", "--outputs", "y")),
      Map.entry("edit insert", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--after", "x", "--op", "Relu")),
      Map.entry("edit remove", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--node", "up")),
      Map.entry("edit rename", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--tensor", "y=z")),
      Map.entry("edit output", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--add", "x")),
      Map.entry("edit initializer", p -> List.of(p[0].toString(), "-o", p[1].toString(), "--name", "bias",
          "--from", p[0].resolveSibling("bias.npy").toString())));

  /** x: float[1,1,3,4] -> Resize (scales [1,1,2,2], node 'up') -> Relu -> Add bias (an initializer, float[1]) -> y. */
  private Path model() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 4));
    Value s = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    var node = b.node("Resize", Arrays.asList(x, null, s), 1, Attribute.of("mode", "nearest"));
    node.setName("up");
    Value bias = b.initializer("bias", DenseTensor.ofFloats("bias", new long[] {1}, 0.5f));
    Value y = b.op("Add", b.op("Relu", node.output(0)), bias);
    y.setName("y");
    b.output(y);
    // NOTE: the data `edit initializer` puts in place of bias.
    dev.scalpel.runtime.inputs.NpyFormat.write(DenseTensor.ofFloats("bias", new long[] {1}, 0.25f), dir.resolve("bias.npy"));
    return TestModels.write(b.model(), dir.resolve("in.onnx"));
  }

  @Test
  void everyCommandPrintsOneJsonDocumentNamingItsModel() throws IOException {
    Path in = model();
    CommandLine root = ScalpelCommand.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()));
    SoftAssertions soft = new SoftAssertions();
    for (Map.Entry<String, CommandLine> sub : leaves(root.getSubcommands()).entrySet()) {
      String name = sub.getKey();
      if (sub.getValue().getCommandSpec().findOption("--json") == null) {
        soft.fail(name + " has no --json option");
        continue;
      }
      if (!ARGS.containsKey(name)) {
        soft.fail(name + ": give its arguments in JsonOnEveryCommandTest.ARGS");
        continue;
      }
      List<String> args = new ArrayList<>(List.of(name.split(" ")));
      args.addAll(ARGS.get(name).apply(new Path[] {in, dir.resolve(name + "-out.onnx")}));
      args.add("--json");
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      soft.assertThat(r.exitCode()).as(name + " exit; stderr: " + r.err()).isEqualTo(ExitCodes.OK);
      Object doc;
      try {
        doc = JsonOutput.parse(r.out());
      } catch (RuntimeException e) {
        soft.fail(name + " --json printed no single JSON document: " + e.getMessage() + "\n" + r.out());
        continue;
      }
      soft.assertThat(modelsNamed(doc)).as(name + ": the models its JSON names\n" + r.out())
          .isNotEmpty().allMatch(in.toString()::equals);
    }
    soft.assertAll();
  }

  /**
   * The commands that run, by their full name: a command with subcommands of its own ({@code edit})
   * gives its subcommands ({@code "edit insert"}).
   */
  private static Map<String, CommandLine> leaves(Map<String, CommandLine> commands) {
    Map<String, CommandLine> out = new java.util.TreeMap<>();
    commands.forEach((name, cl) -> {
      if (cl.getSubcommands().isEmpty()) {
        out.put(name, cl);
      } else {
        leaves(cl.getSubcommands()).forEach((sub, leaf) -> out.put(name + " " + sub, leaf));
      }
    });
    return out;
  }

  /** The {@code model} of each object the document reports on; an object without one gives null. */
  private static List<Object> modelsNamed(Object doc) {
    List<Object> objects = new ArrayList<>();
    if (doc instanceof List<?> list) {
      objects.addAll(list);
    } else if (doc instanceof Map<?, ?> map && !map.containsKey("model") && map.get("models") instanceof List<?> l) {
      objects.addAll(l);
    } else {
      objects.add(doc);
    }
    List<Object> models = new ArrayList<>();
    for (Object o : objects) {
      models.add(o instanceof Map<?, ?> m ? m.get("model") : null);
    }
    return models;
  }
}
