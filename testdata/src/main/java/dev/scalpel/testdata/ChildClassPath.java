package dev.scalpel.testdata;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path for a test's child JVM ({@code java -cp ... MainClass}): every class the test
 * itself can load, the test classes included.
 *
 * <p>NOTE: the modules' tests run inside their named module (Surefire patches the test classes in
 * and puts the main classes and the libraries the module requires on the module path), so
 * {@code java.class.path} alone misses most of them; Surefire's test class path plus the module
 * path is everything, and the child runs it all on the class path.
 */
public final class ChildClassPath {
  private ChildClassPath() {}

  /** Surefire's test class path and the module path, or {@code java.class.path} outside Surefire. */
  public static String of() {
    List<String> parts = new ArrayList<>();
    String tests = System.getProperty("surefire.test.class.path");
    parts.add(tests != null ? tests : System.getProperty("java.class.path"));
    String modules = System.getProperty("jdk.module.path");
    if (modules != null && !modules.isEmpty()) {
      parts.add(modules);
    }
    return String.join(File.pathSeparator, parts);
  }
}
