package dev.scalpel.graph.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.testdata.ChildClassPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, measurement 3: a child JVM writing a model with three data files over the same output
 * is killed (SIGKILL) at random points, 30 times. After each kill the output must be one whole
 * version, the model with its own data, never a mix; after the next successful write no temporary
 * file and no data file of another version may remain.
 */
class KillDuringWriteTest {
  private static final int KILLS = 30;

  @TempDir Path tmp;

  @Test
  void aKilledWriteLeavesTheOldOrTheNewModelWithItsOwnDataAndTheNextWriteCleansUp() throws Exception {
    killRepeatedly(true);
  }

  /** Without syncs a power loss may lose a write, a kill still may not: staging and rename order hold. */
  @Test
  void aKilledWriteThatDoesNotSyncLeavesTheOldOrTheNewModelToo() throws Exception {
    killRepeatedly(false);
  }

  private void killRepeatedly(boolean durable) throws Exception {
    Path target = tmp.resolve(durable ? "out/model.onnx" : "fast/model.onnx");
    Map<String, byte[]> v1 = OutputFilesSafetyTest.initializerBytes(KillableWriter.version(1));
    Map<String, byte[]> v2 = OutputFilesSafetyTest.initializerBytes(KillableWriter.version(2));
    OnnxWriter.write(KillableWriter.version(2), target, KillableWriter.options());
    boolean before1 = false;
    Random random = new Random(13);
    int unchanged = 0;
    int changed = 0;
    int killsThatLeftTemporaries = 0;

    for (int kill = 0; kill < KILLS; kill++) {
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m",
          "-cp", ChildClassPath.of(),
          KillableWriter.class.getName(), target.toString(), durable ? "durable" : "not-durable")
          .redirectErrorStream(true)
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder before = new StringBuilder();
        while ((line = out.readLine()) != null && !line.equals(KillableWriter.READY)) {
          before.append(line).append('\n'); // JVM warnings, or the child's error
        }
        assertThat(line).as("the child started writing; it printed: %s", before).isEqualTo(KillableWriter.READY);
        // NOTE: one write takes some milliseconds to tens of milliseconds (three fsyncs), so
        // the kills land anywhere from before the first write to inside a later one.
        Thread.sleep(random.nextInt(120));
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      Model found = OnnxReader.read(target);
      Map<String, byte[]> bytes = OutputFilesSafetyTest.initializerBytes(found);
      boolean isV1 = equal(bytes, v1);
      boolean isV2 = equal(bytes, v2);
      assertThat(isV1 || isV2).as("after kill %d the model reads one version's data", kill).isTrue();
      if (isV1 == before1) {
        unchanged++;
      } else {
        changed++;
      }
      if (temporaries(target.getParent()) > 0) {
        killsThatLeftTemporaries++;
      }

      // The next successful write (in this JVM) removes what the killed one left.
      OnnxWriter.write(KillableWriter.version(isV1 ? 2 : 1), target, KillableWriter.options());
      before1 = !isV1;
      assertThat(temporaries(target.getParent())).as("temporaries after the write following kill %d", kill).isZero();
      try (Stream<Path> files = Files.list(target.getParent())) {
        assertThat(files.count()).as("the model and its three data files, nothing else").isEqualTo(4);
      }
    }
    System.out.printf("kill test: %d kills: %d found the version from before the child, %d the other one"
        + " (the child had committed), %d left temporaries%n", KILLS, unchanged, changed, killsThatLeftTemporaries);
    assertThat(killsThatLeftTemporaries).as("some kills landed inside a write").isPositive();
  }

  private static boolean equal(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (String k : a.keySet()) {
      if (!java.util.Arrays.equals(a.get(k), b.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static long temporaries(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith(StagedFiles.TEMP_PREFIX)).count();
    }
  }
}
