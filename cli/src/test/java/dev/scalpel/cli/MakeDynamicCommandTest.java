package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MakeDynamicCommandTest {
  @TempDir
  Path dir;

  @Test
  void rewritesTheFlattenOfAFixedBatchCnnChecksItAndWritesIt() throws IOException {
    Path in = SetDimsCommandTest.bundled("fixed_batch_cnn.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "x:0=batch");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("x:0 1 -> batch; 1 constant(s) rewritten, 0 place(s) not proven")
        .contains("rewrote Reshape '/Reshape': target [1, -1] -> [0, -1]")
        .contains("checked against the original at its own size in ONNX Runtime: EQUIVALENT over 1 run");
    Model m = OnnxReader.read(out);
    assertThat(m.graph().inputs().get(0).shape().get().dim(0)).isEqualTo(Dim.of("batch"));
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(10)));
  }

  @Test
  void theFormerNameDimStillWorksAndSaysWhatReplacedIt() throws IOException {
    Path in = SetDimsCommandTest.bundled("fixed_batch_cnn.onnx", dir);
    Path current = dir.resolve("current.onnx");
    Path former = dir.resolve("former.onnx");

    Cli.Result now = Cli.run("make-dynamic", in.toString(), "-o", current.toString(), "--input-dim", "x:0=batch");
    Cli.Result old = Cli.run("make-dynamic", in.toString(), "-o", former.toString(), "--dim", "x:0=batch");

    assertThat(old.exitCode()).as(old.out() + old.err()).isEqualTo(now.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(old.err().lines().toList()).containsExactly(
        "note: scalpel make-dynamic --dim is deprecated; use --input-dim (the old name goes in the next release)");
    assertThat(now.err()).doesNotContain("deprecated");
    assertThat(java.nio.file.Files.readAllBytes(former)).isEqualTo(java.nio.file.Files.readAllBytes(current));
    assertThat(Cli.run("make-dynamic", "--help").out()).contains("--input-dim").doesNotContain("--dim ");
  }

  /** x float[1,4] → Reshape to [4]: the batch disappears into a constant no rule can read. */
  private static Model flattensTheBatchAway() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));
    Value y = b.op("Reshape", x, b.constant(DenseTensor.vector("target", 4)));
    b.output(y);
    y.setType(dev.scalpel.graph.ValueType.tensor(DataType.FLOAT, Shape.of(4)));
    return b.model();
  }

  @Test
  void refusesWhatItCannotProveUnlessAllowed() throws IOException {
    Path in = TestModels.write(flattensTheBatchAway(), dir.resolve("in.onnx"));
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "x:0=batch");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("[unproven] Reshape").contains("batch does not reach the outputs")
        .contains("constant [4] hard-codes sizes").contains("graph output").contains("not written");
    assertThat(out).doesNotExist();

    Cli.Result anyway = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "x:0=batch",
        "--allow-unproven");
    assertThat(anyway.exitCode()).as(anyway.out() + anyway.err()).isEqualTo(ExitCodes.OK);
    assertThat(anyway.out()).contains("EQUIVALENT");
    assertThat(out).isRegularFile();
  }

  @Test
  void refusesAPyTorchExportWhoseBatchIsFoldedIntoTheHeads() throws IOException {
    Path in = SetDimsCommandTest.bundled("fixed_batch_merged_heads.onnx", dir);
    Path out = dir.resolve("out.onnx");

    Cli.Result r = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "x:0=batch");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(r.out()).contains("0 constant(s) rewritten").contains("[unproven] Reshape '/Reshape'")
        .contains("constant [5, 4, 4] hard-codes sizes").contains("not written");
    assertThat(r.err()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void aSizeInsteadOfASymbolIsAUsageError() throws IOException {
    Path in = SetDimsCommandTest.bundled("fixed_batch_cnn.onnx", dir);

    Cli.Result r = Cli.run("make-dynamic", in.toString(), "-o", dir.resolve("o.onnx").toString(), "--input-dim", "x:0=4");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("x:0=4 is not a symbol; use set-dims");
  }

  @Test
  void unknownInputsAndAxesAreUsageErrors() throws IOException {
    Path in = SetDimsCommandTest.bundled("fixed_batch_cnn.onnx", dir);
    Path out = dir.resolve("o.onnx");

    Cli.Result unknown = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "input0:0=batch");
    Cli.Result axis = Cli.run("make-dynamic", in.toString(), "-o", out.toString(), "--input-dim", "x:7=batch");
    Cli.Result missing = Cli.run("make-dynamic", in.toString(), "-o", out.toString());

    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no input named 'input0'; its inputs: x");
    assertThat(axis.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(axis.err()).contains("axis 7 is out of range for input 'x' of rank 4 [1,3,16,16]");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("give the dims to make symbolic: --input-dim INPUT:AXIS=SYMBOL");
    assertThat(out).doesNotExist();
  }
}
