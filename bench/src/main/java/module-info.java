/**
 * The JMH benchmarks; run from {@code benchmarks.jar}, a fat jar on the class path.
 *
 * <p>NOTE: a module so that the benchmarks, like the examples, reach the library through its
 * exported packages only; JMH's generated harness classes land in this module too.
 */
module dev.scalpel.bench {
  requires dev.scalpel.cli;
  requires com.microsoft.onnxruntime;
  requires jmh.core;
}
