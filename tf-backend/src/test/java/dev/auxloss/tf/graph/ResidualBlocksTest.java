package dev.auxloss.tf.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.layers.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The kit's residual and bottleneck blocks: which convolutions they make (no bias, batch norm after
 * each, the v1.5 stride on the 3×3), when the shortcut is projected, and — with every kernel zero,
 * so each conv-BN branch is 0 — that the identity shortcut passes the input through the final ReLU.
 */
class ResidualBlocksTest {
  private static final long[] IN = {2, 4, 4, 8};

  @Test
  void basicBlockKeepsTheInputAsShortcutWhenTheShapeStays() {
    try (Built b = build(l -> l.residualBlock("res", input(l), 8, 1))) {
      assertThat(b.kernels())
          .containsExactly(
              Map.entry("m/res/conv1/kernel", "[3, 3, 8, 8]"),
              Map.entry("m/res/conv2/kernel", "[3, 3, 8, 8]"));
      assertThat(b.names())
          .contains("m/res/conv1/bn/moving_mean")
          .noneMatch(n -> n.endsWith("/bias"));
      assertThat(b.y.shape().toString()).isEqualTo("[-1, 4, 4, 8]");
      b.assertZeroKernelsGiveReluOfTheInput();
    }
  }

  @Test
  void basicBlockProjectsTheShortcutWhenStridedOrWidened() {
    try (Built b = build(l -> l.residualBlock("res", input(l), 16, 2))) {
      assertThat(b.kernels())
          .containsExactly(
              Map.entry("m/res/conv1/kernel", "[3, 3, 8, 16]"),
              Map.entry("m/res/conv2/kernel", "[3, 3, 16, 16]"),
              Map.entry("m/res/shortcut/kernel", "[1, 1, 8, 16]"));
      assertThat(b.y.shape().toString()).isEqualTo("[-1, 2, 2, 16]");
      assertThat(b.strides("m/res/conv1/kernel")).containsExactly(1L, 2L, 2L, 1L);
      assertThat(b.strides("m/res/shortcut/kernel")).containsExactly(1L, 2L, 2L, 1L);
    }
  }

  @Test
  void bottleneckStridesItsThreeByThreeConvAndWidensFourTimes() {
    try (Built b = build(l -> l.bottleneckBlock("bot", input(l), 4, 2))) {
      assertThat(b.kernels())
          .containsExactly(
              Map.entry("m/bot/conv1/kernel", "[1, 1, 8, 4]"),
              Map.entry("m/bot/conv2/kernel", "[3, 3, 4, 4]"),
              Map.entry("m/bot/conv3/kernel", "[1, 1, 4, 16]"),
              Map.entry("m/bot/shortcut/kernel", "[1, 1, 8, 16]"));
      assertThat(b.strides("m/bot/conv1/kernel")).containsExactly(1L, 1L, 1L, 1L);
      assertThat(b.strides("m/bot/conv2/kernel")).containsExactly(1L, 2L, 2L, 1L);
      assertThat(b.strides("m/bot/conv3/kernel")).containsExactly(1L, 1L, 1L, 1L);
      assertThat(b.y.shape().toString()).isEqualTo("[-1, 2, 2, 16]");
    }
  }

  @Test
  void bottleneckKeepsTheIdentityWhenItsOutputMatchesTheInput() {
    try (Built b = build(l -> l.bottleneckBlock("bot", input(l), 2, 1))) {
      assertThat(b.kernels()).doesNotContainKey("m/bot/shortcut/kernel").hasSize(3);
      b.assertZeroKernelsGiveReluOfTheInput();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Operand<TFloat32> input(Layers l) {
    return l.tf()
        .withName("x")
        .placeholder(
            TFloat32.class,
            org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, IN[1], IN[2], IN[3])));
  }

  private static Built build(java.util.function.Function<Layers, Operand<TFloat32>> block) {
    Graph g = new Graph();
    Ops tf = Ops.create(g);
    TfVariableStore store = new TfVariableStore(tf, 1);
    Operand<TFloat32> y = block.apply(new Layers(tf, store, "m", false, true, 1));
    return new Built(g, store, y);
  }

  private record Built(Graph g, TfVariableStore store, Operand<TFloat32> y)
      implements AutoCloseable {
    List<String> names() {
      return store.all().stream().map(Var::name).toList();
    }

    /** Every conv kernel by name with its shape. */
    Map<String, String> kernels() {
      Map<String, String> out = new TreeMap<>();
      for (Var v : store.all())
        if (v.name().endsWith("/kernel")) out.put(v.name(), store.shape(v.name()).toString());
      return out;
    }

    /** The strides of the Conv2D reading the kernel {@code name}. */
    List<Long> strides(String name) {
      Var v = store.all().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
      GraphOperation conv =
          ((GraphOperation) v.value().op())
              .consumers().stream()
                  .filter(o -> o.type().equals("Conv2D"))
                  .findFirst()
                  .orElseThrow();
      List<Long> out = new ArrayList<>();
      for (long s : conv.attributes().getAttrIntList("strides")) out.add(s);
      return out;
    }

    void assertZeroKernelsGiveReluOfTheInput() {
      float[] x = new float[(int) Shape.of(IN).size()];
      for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.9 * i) * 2;
      List<Tensor> owned = new ArrayList<>();
      try (Session s = new Session(g)) {
        s.initialize();
        Session.Runner r = s.runner();
        TFloat32 in = TFloat32.tensorOf(Shape.of(IN), DataBuffers.of(x));
        owned.add(in);
        r.feed(g.operation("x").output(0), in);
        for (Var v : store.all()) {
          if (!v.name().endsWith("/kernel")) continue;
          Shape k = store.shape(v.name());
          TFloat32 zero = TFloat32.tensorOf(k, DataBuffers.of(new float[(int) k.size()]));
          owned.add(zero);
          r.feed(v.value(), zero);
        }
        try (Result res = r.fetch(y).run()) {
          TFloat32 out = (TFloat32) res.get(0);
          float[] got = new float[x.length];
          out.copyTo(DataBuffers.of(got, false, false));
          for (int i = 0; i < x.length; i++)
            assertThat((double) got[i]).as("y[%d]", i).isCloseTo(Math.max(0, x[i]), within(1e-6));
        }
      } finally {
        owned.forEach(Tensor::close);
      }
    }

    @Override
    public void close() {
      g.close();
    }
  }
}
