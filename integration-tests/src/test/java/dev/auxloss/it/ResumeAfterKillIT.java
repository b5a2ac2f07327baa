package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in a child JVM is killed with SIGKILL mid-run; a second process resumes from the newest
 * checkpoint and the run completes with continuous step numbers and a loss curve equal to an
 * uninterrupted run's (same seed, same data order).
 */
class ResumeAfterKillIT {
  @TempDir Path dir;

  @Test
  void killedRunResumesAndContinuesTheSameCurve() throws Exception {
    Path killed = dir.resolve("killed");
    Path log = dir.resolve("killed.txt");
    Process p = child(killed, log, false, 40);
    long deadline = System.currentTimeMillis() + 120_000;
    while (lines(log) < 45 && System.currentTimeMillis() < deadline && p.isAlive())
      Thread.sleep(50);
    assertThat(p.isAlive()).as("child still training when killed").isTrue();
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long killedAt = lines(log);
    assertThat(killedAt).isBetween(45L, TrainChild.STEPS - 1);

    Process resumed = child(killed, log, true, 0);
    assertThat(resumed.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(resumed.exitValue()).as(Files.readString(dir.resolve("child.err"))).isZero();

    Path reference = dir.resolve("reference.txt");
    Process ref = child(dir.resolve("reference"), reference, false, 0);
    assertThat(ref.waitFor(180, TimeUnit.SECONDS)).isTrue();

    Map<Long, Double> refCurve = curve(reference);
    List<String> all = Files.readAllLines(log);
    // the resumed part starts right after the newest checkpoint (a multiple of 10) and runs to the
    // end
    int resumeIndex = (int) killedAt;
    long firstResumed = Long.parseLong(all.get(resumeIndex).split(" ")[0]);
    assertThat(firstResumed % 10).isEqualTo(1);
    assertThat(firstResumed).isLessThanOrEqualTo(killedAt + 1);
    for (int i = resumeIndex; i < all.size(); i++) {
      String[] f = all.get(i).split(" ");
      long step = Long.parseLong(f[0]);
      assertThat(step).isEqualTo(firstResumed + (i - resumeIndex));
      assertThat(Double.parseDouble(f[1]))
          .as("loss at step " + step)
          .isCloseTo(refCurve.get(step), within(1e-4));
    }
    assertThat(Long.parseLong(all.get(all.size() - 1).split(" ")[0])).isEqualTo(TrainChild.STEPS);
  }

  private Process child(Path run, Path log, boolean resume, long msPerStep) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            TrainChild.class.getName(),
            run.toString(),
            log.toString(),
            String.valueOf(resume),
            String.valueOf(msPerStep))
        .redirectError(dir.resolve("child.err").toFile())
        .redirectOutput(new File("/dev/null"))
        .start();
  }

  private static long lines(Path p) throws Exception {
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  private static Map<Long, Double> curve(Path p) throws Exception {
    Map<Long, Double> m = new LinkedHashMap<>();
    for (String l : Files.readAllLines(p)) {
      String[] f = l.split(" ");
      m.put(Long.parseLong(f[0]), Double.parseDouble(f[1]));
    }
    return m;
  }
}
