package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scan with a running-sum body (sum_out = sum_in + row; the scan output is sum_out) over the rows
 * [1, 2], [3, 4], [5, 6], worked out by hand; and the post-1.12 Scan-9 node tests.
 */
class ScanKernelTest {
  private static final Tensor ROWS = floats(dims(3, 2), 1, 2, 3, 4, 5, 6);

  private static Graph runningSum() {
    GraphBuilder b = GraphBuilder.create(11).subgraph("body");
    Value sum = b.input("sum_in", DataType.FLOAT, Shape.of(2));
    Value row = b.input("row", DataType.FLOAT, Shape.of(2));
    Value next = b.op("Add", sum, row);
    b.output(next, b.op("Identity", next));
    return b.graph();
  }

  private static KernelFixture scan(int opset, Tensor... inputs) {
    return KernelFixture.op("Scan", opset, inputs).attr(Attribute.of("body", runningSum()))
        .attr(Attribute.of("num_scan_inputs", 1L)).outputs(2);
  }

  @Test
  void carriesTheStateAndStacksTheScanOutputs() {
    List<Tensor> out = scan(11, floats(dims(2), 0, 0), ROWS).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(9, 12);
    assertThat(out.get(1).dims()).containsExactly(3, 2);
    assertThat(out.get(1).toFloatArray()).containsExactly(1, 2, 4, 6, 9, 12);
  }

  @Test
  void reverseDirectionsReadFromTheEndAndStackFromTheEnd() {
    // Rows read 5,6 then 3,4 then 1,2: sums [5,6], [8,10], [9,12], stacked last-first.
    List<Tensor> out = scan(11, floats(dims(2), 0, 0), ROWS)
        .attr(Attribute.ofInts("scan_input_directions", 1L))
        .attr(Attribute.ofInts("scan_output_directions", 1L)).run();
    assertThat(out.get(1).toFloatArray()).containsExactly(9, 12, 8, 10, 5, 6);
  }

  @Test
  void scan8HasABatchAxisAndAnOptionalSequenceLengthsInput() {
    List<Tensor> out = scan(8, null, floats(dims(1, 2), 0, 0), floats(dims(1, 3, 2), 1, 2, 3, 4, 5, 6)).run();
    assertThat(out.get(0).dims()).containsExactly(1, 2);
    assertThat(out.get(0).toFloatArray()).containsExactly(9, 12);
    assertThat(out.get(1).toFloatArray()).containsExactly(1, 2, 4, 6, 9, 12);
  }

  @Test
  void anEmptyScanIsRefused() {
    assertThatThrownBy(() -> scan(11, floats(dims(2), 0, 0), floats(dims(0, 2))).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void everyPost112Scan9NodeTestGivesTheExpectedOutputs() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_scan9_");
    assertThat(outcome.tests()).isEqualTo(2);
    assertThat(outcome.failures()).isEmpty();
  }
}
