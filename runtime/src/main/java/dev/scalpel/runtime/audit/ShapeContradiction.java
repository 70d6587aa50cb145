package dev.scalpel.runtime.audit;

/**
 * One value whose inferred type ONNX Runtime contradicted in one run: the value and the node that
 * produced it, the inferred and the actual shape (or element type), the run and why they differ.
 */
public record ShapeContradiction(String value, String node, String inferred, String actual, int run, String why) {
  @Override
  public String toString() {
    return "'" + value + "' of " + node + " in run " + run + ": inferred " + inferred + ", actual "
        + actual + " (" + why + ")";
  }
}
