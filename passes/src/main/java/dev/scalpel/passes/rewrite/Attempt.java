package dev.scalpel.passes.rewrite;

/** The outcome of trying a rule on one node: a match ready to rewrite, or the reason it missed. */
record Attempt(Match match, String reason) {
  static Attempt hit(Match match) {
    return new Attempt(match, null);
  }

  static Attempt miss(String reason) {
    return new Attempt(null, reason);
  }

  boolean isHit() {
    return match != null;
  }
}
