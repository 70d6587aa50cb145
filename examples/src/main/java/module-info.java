/**
 * The numbered examples, each a program a user of the library could write.
 *
 * <p>NOTE: a module of its own, so the examples compile against exported API only, as a user's
 * modular application would.
 */
module dev.scalpel.examples {
  requires dev.scalpel.cli;
}
