package dev.scalpel.passes.trt;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import java.util.List;

/** The pass form of the narrowing, run by {@link TrtRepairs}, holds the pass contract. */
class NarrowInt64PassContractTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new NarrowInt64Initializers.AsPass();
  }

  @Override
  protected List<Model> models() {
    return List.of(NarrowInt64InitializersTest.sliceGatherReshape(false), NarrowInt64InitializersTest.sliceGatherReshape(true));
  }
}
