package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.passes.dims.MakeDynamic;
import dev.scalpel.passes.dims.SetDims;
import dev.scalpel.passes.resize.InsertResize;
import dev.scalpel.passes.resize.ParameterizeResize;
import dev.scalpel.passes.trt.NarrowInt64Initializers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-shot surgeries are {@link ModelEdit}s: not {@link ModelPass}es, so {@link
 * ModelPassContract} (whose subject is a ModelPass) cannot hold them to idempotence, and no
 * pipeline or {@code --passes} text can name them.
 */
class EditsAreNotPassesTest {
  private static final List<Class<?>> EDITS = List.of(
      SetDims.class, MakeDynamic.class, InsertResize.class, ParameterizeResize.class, NarrowInt64Initializers.class);

  @Test
  void theSurgeriesAreEditsAndNotPasses() {
    for (Class<?> c : EDITS) {
      assertThat(ModelEdit.class.isAssignableFrom(c)).as(c.getSimpleName() + " is a ModelEdit").isTrue();
      assertThat(ModelPass.class.isAssignableFrom(c)).as(c.getSimpleName() + " is not a ModelPass").isFalse();
    }
  }

  @Test
  void noPipelineCanNameThem() {
    assertThat(PassRegistry.standard().ids())
        .doesNotContain("set-dims", "make-dynamic", "insert-resize", "parameterize-resize", "narrow-int64-initializers");
  }
}
