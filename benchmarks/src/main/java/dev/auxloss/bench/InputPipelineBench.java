package dev.auxloss.bench;

import com.google.inject.Injector;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Params;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.BatchFeeder;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * {@code S6}: a step fed by the trainer's real input pipeline ({@link BatchFeeder}: the dataset
 * decodes, shuffles and batches on the input thread, which copies each batch into native tensors
 * and hands it over through the bounded prefetch queue) over a step on tensors staged once, in the
 * same session. Fashion-MNIST when installed (IDX decode, /255), else the synthetic images (drawn
 * per example). Also prints what a batch costs the input thread, and what reusing one native input
 * buffer instead of allocating a tensor per batch would save.
 */
final class InputPipelineBench {
  private InputPipelineBench() {}

  static void run(Path tmp) throws Exception {
    String dataset =
        Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))
            ? "fashion-mnist"
            : "synthetic-images";
    Injector inj = SpeedArms.injector();
    DatasetFactory f = SpeedArms.registry(inj, DatasetFactory.class).get(dataset);
    run("S6", dataset, f.create(Params.empty()), "1.03", tmp);
  }

  /**
   * {@code S6-folder}: the same pair with the {@code image-folder} dataset over PNGs written from
   * the first {@code s6.folder_images} (6000) training images of S6's dataset, 28×28 grayscale in
   * {@code <class>/} folders: every batch decodes 64 PNG files on the input thread.
   */
  static void runFolder(Path tmp) throws Exception {
    Injector inj = SpeedArms.injector();
    Map<String, DatasetFactory> data = SpeedArms.registry(inj, DatasetFactory.class);
    String source =
        Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))
            ? "fashion-mnist"
            : "synthetic-images";
    Path root = tmp.resolve("s6-folder");
    int images = Integer.getInteger("s6.folder_images", 6000);
    PngFolder.write(data.get(source).create(Params.empty()), images, root);
    DatasetFactory folder = data.get("image-folder");
    run(
        "S6-folder",
        "image-folder(" + images + " PNGs from " + source + ")",
        folder.create(
            Params.parse(
                folder.descriptor().params(),
                "path",
                root.toString(),
                "color",
                "grayscale",
                "validation_split",
                0.1)),
        "1.05",
        tmp);
  }

  private static void run(String id, String dataset, Dataset ds, String goal, Path tmp)
      throws Exception {
    TrainingPlan base = SpeedArms.cnnDs(true, dev.auxloss.config.RuntimeSettings.defaults());
    TrainingPlan plan = base.toBuilder().dataset(dataset, ds).build();
    Iterator<Batch> data = plan.dataset().batches(Split.TRAIN, plan.batchSize(), plan.seed());
    Map<String, Tensor> staged = BatchFeeder.toTensors(data.next());
    int rounds = Integer.getInteger("s6.rounds", 40);
    try (TfTrainingSession run = TfTrainingSession.open(plan, tmp.resolve(id));
        BatchFeeder feeder = new BatchFeeder(data, plan.runtime().prefetchBatches(), 0)) {
      Runnable fed =
          () -> {
            Map<String, Tensor> b = feeder.next();
            try {
              run.step(b);
            } finally {
              b.values().forEach(Tensor::close);
            }
          };
      // Blocks of 2 steps: adjacent blocks see nearly the same machine load (the paired ratio).
      Blocks.Times t = Blocks.alternate(Bench.WARMUP, rounds, 2, fed, () -> run.step(staged));
      System.out.printf(
          Locale.ROOT,
          "%s ratio=%.3f paired=%.3f cpu_ratio=%.3f pipeline_ms=%.2f staged_ms=%.2f goal<=%s "
              + "dataset=%s prefetch=%d rounds=%d block=2 batch=%d load=%.1f%n",
          id,
          ProcessArms.ratio(t.wall(), 0, 1),
          ProcessArms.pairedRatio(t.wall(), 0, 1),
          ProcessArms.ratio(t.cpu(), 0, 1),
          ProcessArms.median(t.wall()[0]),
          ProcessArms.median(t.wall()[1]),
          goal,
          dataset,
          plan.runtime().prefetchBatches(),
          rounds,
          plan.batchSize(),
          Bench.load());
    } finally {
      staged.values().forEach(Tensor::close);
    }
    inputThreadCosts(id, plan);
  }

  /**
   * Per batch on the input thread: produce (decode, shuffle, batch), copy to new tensors, or reuse
   * one.
   */
  static void inputThreadCosts(String id, TrainingPlan plan) {
    Iterator<Batch> data = plan.dataset().batches(Split.TRAIN, plan.batchSize(), plan.seed() + 1);
    int n = 300;
    Batch[] batches = new Batch[n];
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) batches[i] = data.next();
    double produce = (System.nanoTime() - t0) / 1e3 / n;
    t0 = System.nanoTime();
    for (Batch b : batches) BatchFeeder.toTensors(b).values().forEach(Tensor::close);
    double convert = (System.nanoTime() - t0) / 1e3 / n;
    HostTensor.Floats first = (HostTensor.Floats) batches[0].get("image");
    try (TFloat32 reused = TFloat32.tensorOf(first.shape())) {
      t0 = System.nanoTime();
      for (Batch b : batches)
        reused.copyFrom(DataBuffers.of(((HostTensor.Floats) b.get("image")).values(), true, false));
    }
    double reuse = (System.nanoTime() - t0) / 1e3 / n;
    System.out.printf(
        Locale.ROOT,
        "%s input_thread_us_per_batch produce=%.0f to_new_tensors=%.0f copy_into_reused_image_tensor=%.0f%n",
        id,
        produce,
        convert,
        reuse);
  }
}
