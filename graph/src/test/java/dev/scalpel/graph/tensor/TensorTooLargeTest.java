package dev.scalpel.graph.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.TensorTooLargeException;
import dev.scalpel.graph.Unmodeled;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a tensor into memory that one array or buffer cannot hold (issue 13: a few bytes of model
 * and a sparse data file declare it) is refused with one line naming the tensor, not with an
 * ArithmeticException from an int conversion.
 */
class TensorTooLargeTest {
  @TempDir
  Path dir;

  /** An external float tensor of {@code dims}, its data file never opened (the size check comes first). */
  private Tensor external(long[] dims, long bytes) {
    return new ExternalTensor("w", DataType.FLOAT, dims, dir.resolve("w.bin"), "w.bin", 0, bytes, Unmodeled.NONE);
  }

  @Test
  void twoToThe31FloatsAreNotReadIntoAnArray() {
    Tensor t = external(new long[] {1L << 31}, 4L << 31);
    assertThatThrownBy(t::toFloatArray).isInstanceOf(TensorTooLargeException.class)
        .hasMessage("tensor 'w' has 2147483648 elements, more than Scalpel holds in memory at once (2147483639)");
  }

  @Test
  void anElementCountThatOverflowsIsNamedByItsDims() {
    Tensor t = external(new long[] {1L << 40, 1L << 40}, 0);
    assertThatThrownBy(t::arrayLength).isInstanceOf(TensorTooLargeException.class)
        .hasMessageContaining("dims [1099511627776, 1099511627776] (an element count that overflows)");
  }

  @Test
  void threeGibOfExternalDataAreNotMappedIntoOneBuffer() {
    // 805306368 floats fit an array, but their 3 GiB do not fit a buffer.
    Tensor t = external(new long[] {805306368L}, 3L << 30);
    assertThatThrownBy(t::data).isInstanceOf(TensorTooLargeException.class)
        .hasMessage("tensor 'w' has 3221225472 bytes of external data, more than Scalpel holds in memory at once (2147483639)");
    assertThatThrownBy(t::toLongArray).isInstanceOf(TensorTooLargeException.class);
  }

  @Test
  void aSmallTensorsArrayLengthIsItsElementCount() {
    assertThat(DenseTensor.ofFloats("x", new long[] {2, 3}, 1, 2, 3, 4, 5, 6).arrayLength()).isEqualTo(6);
  }
}
