package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ViT-style patch embedding plus a learned position embedding: the model runs only when the
 * number of patches, (H/16)·(W/16), equals the embedding's 4. Made H×W-dynamic by set-dims, it must
 * say so instead of passing silently and failing later in the Add.
 */
class SetDimsConditionsTest {
  @TempDir
  Path dir;

  static Model vitPatchEmbedding() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of(1), Dim.of(3), Dim.of(32), Dim.of(32)));
    Value w = b.initializer("patch_w", DenseTensor.ofFloats("patch_w", new long[] {8, 3, 16, 16}, new float[8 * 3 * 16 * 16]));
    Value conv = b.op("Conv", java.util.List.of(x, w), Attribute.ofInts("strides", 16, 16), Attribute.ofInts("kernel_shape", 16, 16));
    Value flat = b.op("Flatten", java.util.List.of(conv), Attribute.of("axis", 2L));
    Value tokens = b.op("Transpose", java.util.List.of(b.op("Reshape", flat,
        b.constant(DenseTensor.vector("shape", 1, 8, -1)))), Attribute.ofInts("perm", 0, 2, 1));
    Value pos = b.initializer("pos_embed", DenseTensor.ofFloats("pos_embed", new long[] {1, 4, 8}, new float[32]));
    b.output(b.op("Add", tokens, pos));
    return b.model();
  }

  @Test
  void makingHeightAndWidthDynamicReportsThePositionEmbeddingCondition() throws IOException {
    Path in = TestModels.write(vitPatchEmbedding(), dir.resolve("vit.onnx"));

    Cli.Result r = Cli.run("set-dims", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--input-shape", "x=1x3xHxW");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("runs only when").contains("floor(H/16)*floor(W/16)").contains("4").contains("Add");
  }
}
