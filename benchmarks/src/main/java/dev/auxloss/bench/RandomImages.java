package dev.auxloss.bench;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Uniform random CIFAR-shaped images (32×32×3) with 10 random classes: what a speed benchmark feeds
 * a ResNet (the step is timed on staged tensors; this only fixes the graph's input specs).
 */
record RandomImages(int size) implements Dataset {
  static final Shape IMAGE = Shape.of(32, 32, 3);

  @Override
  public List<TensorSpec> specs() {
    return List.of(
        new TensorSpec("image", TFloat32.class, IMAGE),
        new TensorSpec("label", TInt32.class, Shape.scalar()));
  }

  @Override
  public int size(Split split) {
    return size;
  }

  @Override
  public List<ClassCount> classCounts() {
    return List.of(new ClassCount("label", 10, "num_classes"));
  }

  @Override
  public Map<String, Double> modelHints() {
    return Map.of("num_classes", 10.0);
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    Random rnd = new Random(seed);
    int pixels = (int) IMAGE.size();
    return new Iterator<>() {
      int left = split == Split.TRAIN ? Integer.MAX_VALUE : size;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public Batch next() {
        int n = Math.min(batchSize, left);
        left -= split == Split.TRAIN ? 0 : n;
        float[] x = new float[n * pixels];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rnd.nextInt(10);
        return new Batch(
            Map.of(
                "image",
                new HostTensor.Floats(Shape.of(n, 32, 32, 3), x),
                "label",
                new HostTensor.Ints(Shape.of(n), y)));
      }
    };
  }
}
