/**
 * The {@code scalpel} command line: commands in {@code dev.scalpel.cli}, their renderings in
 * {@code cli.report}.
 *
 * <p>NOTE: only the command package is exported (the examples reuse its option types); picocli
 * reads and sets the commands' annotated fields by reflection, so the package is opened to it alone.
 */
module dev.scalpel.cli {
  requires transitive dev.scalpel.runtime;
  requires com.fasterxml.jackson.core;
  requires info.picocli;
  requires org.eclipse.elk.alg.layered;
  requires org.eclipse.elk.core;
  requires org.eclipse.elk.graph;
  // ELK's graph returns EMF lists (EList).
  requires org.eclipse.emf.common;

  exports dev.scalpel.cli;
  opens dev.scalpel.cli to info.picocli;
}
