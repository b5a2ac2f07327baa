package dev.auxloss.bench;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Params;
import dev.auxloss.datasets.tfrecord.TfRecordDatasetFactory;
import dev.auxloss.tf.train.BatchFeeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Tensor;

/**
 * {@code MEM-stream}: resident memory while the {@code tfrecord} dataset streams a training set ten
 * times larger than the heap, through the trainer's input pipeline ({@link BatchFeeder}: batches
 * copied into native tensors on the input thread, then closed). A child JVM with a 64 MiB heap
 * ({@code -Dmem.heap_mb}) reads {@code 10 × heap} of Fashion-MNIST-sized records ({@code
 * float[784]} + an int64 label, {@link TfRecordBench}'s writer) for {@code -Dmem.epochs} (2) epochs
 * with the default shuffle buffer. RSS is sampled every 100 batches after a warm-up of 500; goal:
 * every sample within 10 % of the first.
 */
final class StreamMemory {
  private StreamMemory() {}

  static void run() throws IOException, InterruptedException {
    int heapMb = Integer.getInteger("mem.heap_mb", 64);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xms" + heapMb + "m",
                "-Xmx" + heapMb + "m",
                // JavaCPP caps native memory at a multiple of the heap by default; the figure is
                // RSS.
                "-Dorg.bytedeco.javacpp.maxBytes=0",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
                "-cp",
                System.getProperty("java.class.path"),
                StreamMemory.class.getName(),
                Integer.toString(heapMb),
                Integer.toString(Integer.getInteger("mem.epochs", 2)))
            .inheritIO();
    pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    int code = pb.start().waitFor();
    if (code != 0)
      throw new IllegalStateException("the MEM-stream JVM failed with exit code " + code);
  }

  public static void main(String[] args) throws Exception {
    long heapBytes = Long.parseLong(args[0]) << 20;
    int epochs = Integer.parseInt(args[1]);
    // A record is 784 floats + a label, about 3.2 KB on disk with its framing.
    int records = (int) (10 * heapBytes / (TfRecordBench.WIDTH * 4 + 32));
    Path dir = Files.createTempDirectory("auxloss-mem-stream");
    try {
      long bytes = TfRecordBench.write(dir, records);
      DatasetFactory f = TfRecordDatasetFactory.FACTORY;
      Dataset ds =
          f.create(
              Params.parse(
                  f.descriptor().params(),
                  "train",
                  dir + "/*.tfrecord",
                  "features",
                  "x: float[" + TfRecordBench.WIDTH + "]; label: int64",
                  "verify",
                  false));
      int batch = 64;
      long perEpoch = records / batch;
      Iterator<Batch> it = ds.batches(Split.TRAIN, batch, 1);
      int warmup = 500;
      int every = 100;
      int samples = (int) ((epochs * perEpoch - warmup) / every);
      double[] rss = new double[samples];
      try (BatchFeeder feeder = new BatchFeeder(it, 4, 0)) {
        for (long b = 1; b <= warmup + (long) samples * every; b++) {
          Map<String, Tensor> t = feeder.next();
          t.values().forEach(Tensor::close);
          if (b > warmup && (b - warmup) % every == 0) {
            rss[(int) ((b - warmup) / every) - 1] = Soak.rssMb();
          }
        }
      }
      double first = rss[0];
      double min = Arrays.stream(rss).min().orElseThrow();
      double max = Arrays.stream(rss).max().orElseThrow();
      double last = rss[rss.length - 1];
      System.out.printf(
          Locale.ROOT,
          "MEM-stream rss_after_warmup_mb=%.1f rss_min_mb=%.1f rss_max_mb=%.1f rss_end_mb=%.1f "
              + "max_drift=%.2f%% goal<=10%% data_mb=%.0f heap_mb=%d records=%d epochs=%d samples=%d%n",
          first,
          min,
          max,
          last,
          100 * Math.max(max / first - 1, 1 - min / first),
          bytes / 1048576.0,
          heapBytes >> 20,
          records,
          epochs,
          samples);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
