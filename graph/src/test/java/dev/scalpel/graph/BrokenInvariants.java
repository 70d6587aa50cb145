package dev.scalpel.graph;

/**
 * Test-only ways to break IR invariants that the public API keeps, so that tests can check that
 * the verifier notices.
 */
public final class BrokenInvariants {
  private BrokenInvariants() {}

  /** Records a use of {@code value} by input {@code index} of {@code node} that the node does not have. */
  public static void addStrayUse(Value value, Node node, int index) {
    value.addUse(node, index);
  }

  /** Forgets the use of {@code value} by input {@code index} of {@code node}. */
  public static void dropUse(Value value, Node node, int index) {
    value.removeUse(node, index);
  }
}
