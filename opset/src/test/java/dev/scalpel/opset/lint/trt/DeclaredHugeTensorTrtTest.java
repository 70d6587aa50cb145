package dev.scalpel.opset.lint.trt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: readiness on a Resize whose constant scales claim 2^31 entries (external data in a
 * sparse file, nothing allocated) ended in {@code ArithmeticException: integer overflow} from
 * reading them whole, exit 70. Scales that long are not read; the report is made.
 */
class DeclaredHugeTensorTrtTest {
  @TempDir
  Path dir;

  @Test
  void resizeScalesOfTwoToTheThirtyOneEntriesAreNotRead() throws Exception {
    long entries = 1L << 31;
    Path data = dir.resolve("scales.bin");
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(4 * entries);
    }
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 2));
    Value roi = b.initializer("roi", DenseTensor.ofFloats("roi", new long[] {0}));
    Value scales = b.initializer("scales", new ExternalTensor("scales", DataType.FLOAT, new long[] {entries}, data,
        "scales.bin", 0, 4 * entries, Unmodeled.NONE));
    b.output(b.op("Resize", x, roi, scales));
    Model model = b.model();

    for (TrtVersion v : TrtVersion.values()) {
      TrtReport report = TrtReadiness.check(model, v);
      assertThat(report).as(v.toString()).isNotNull();
    }
  }
}
