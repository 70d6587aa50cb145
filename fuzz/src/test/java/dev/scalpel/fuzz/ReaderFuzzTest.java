package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import java.util.Arrays;

/**
 * {@code OnnxReader} on arbitrary bytes (seeds: the models in {@code seeds/}, copied into this
 * target's inputs folder): the bytes load, or are refused with {@code InvalidModelException}. A
 * model that loads and is admitted has every initializer's data readable, passes the verifier, and
 * writes back to bytes that read again to the same bytes.
 */
class ReaderFuzzTest {
  @FuzzTest
  void readArbitraryBytes(byte[] bytes) {
    Model model = FuzzContract.admitted(bytes);
    if (model == null) {
      return;
    }
    for (Graph g : model.graph().allGraphs()) {
      for (Value v : g.initializers()) {
        try {
          touch(v.initializer().orElseThrow());
        } catch (RuntimeException e) {
          if (!FuzzContract.isRefusal(e)) {
            throw e;
          }
          return;
        }
      }
    }
    FuzzContract.assertVerifies(model, "admission");
    byte[] written = OnnxWriter.toBytes(model);
    byte[] again = OnnxWriter.toBytes(OnnxReader.read(written));
    if (!Arrays.equals(written, again)) {
      throw new AssertionError("a written model does not read back to the same bytes");
    }
  }

  private static void touch(Tensor t) {
    t.byteSize();
    if (t.dataType() == DataType.STRING) {
      t.strings();
    } else {
      t.data();
    }
  }
}
