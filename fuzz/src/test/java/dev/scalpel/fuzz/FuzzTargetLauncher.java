package dev.scalpel.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one {@code @FuzzTest} method outside Maven ({@code fuzz/parallel.sh} starts one JVM per
 * target): {@code FuzzTargetLauncher SimplifyFuzzTest#simplifyMutatedModel}. With {@code
 * JAZZER_FUZZ=1} and the {@code jazzer.*} properties of the fuzz profile it fuzzes; without, it
 * replays the seeds as {@code mvn verify} does. Prints the JUnit summary; exit 0 when nothing
 * failed (no finding), 1 otherwise, 2 for an unknown target.
 *
 * <p>NOTE: a fuzz test takes a parameter, so the method is looked up by name here; a JUnit
 * "Class#method" selector without parameter types finds no method with parameters.
 */
public final class FuzzTargetLauncher {
  private FuzzTargetLauncher() {}

  public static void main(String[] args) {
    String[] classAndMethod = args.length == 1 ? args[0].split("#", 2) : new String[0];
    Method target = null;
    if (classAndMethod.length == 2) {
      try {
        Class<?> type = Class.forName(FuzzTargetLauncher.class.getPackageName() + "." + classAndMethod[0]);
        for (Method m : type.getDeclaredMethods()) {
          if (m.getName().equals(classAndMethod[1])) {
            target = m;
          }
        }
      } catch (ClassNotFoundException e) {
        target = null;
      }
    }
    if (target == null) {
      System.err.println("usage: FuzzTargetLauncher FuzzTestClass#method (a fuzz test of dev.scalpel.fuzz)");
      System.exit(2);
    }
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(target.getDeclaringClass(), target)).build(), listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    summary.printTo(out);
    summary.printFailuresTo(out, 40);
    System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
  }
}
