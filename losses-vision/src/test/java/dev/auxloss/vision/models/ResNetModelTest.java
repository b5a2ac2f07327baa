package dev.auxloss.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.layers.Var;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@code resnet}'s layout: the stage endpoints at their resolutions for both stems, the number of
 * weighted layers each depth names (convolutions on the main path plus the classifier), bottleneck
 * widths, and batch norm after every convolution with no conv bias.
 */
class ResNetModelTest {

  /** Each endpoint's static shape when the model reads [B,h,w,c] images (training mode). */
  private static Map<String, String> endpoints(ResNetModel model, int h, int w, int c) {
    try (Graph g = new Graph()) {
      Built b = build(g, model, h, w, c);
      Map<String, String> out = new LinkedHashMap<>();
      for (String n : b.pass.endpoints().names())
        out.put(n, b.pass.endpoints().get(n, TFloat32.class).shape().toString());
      return out;
    }
  }

  private record Built(ForwardPass pass, TfVariableStore store) {}

  private static Built build(Graph g, ResNetModel model, int h, int w, int c) {
    Ops tf = Ops.create(g);
    TfVariableStore store = new TfVariableStore(tf, 1);
    Endpoints in = new Endpoints("input");
    in.put("image", tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c))));
    return new Built(ForwardPass.run(model, tf, store, in, true, 1), store);
  }

  @Test
  void cifarStemKeepsTheResolutionUntilStage2() {
    assertThat(endpoints(new ResNetModel(18, "cifar", 0.25, 10, 0.99), 32, 32, 3))
        .containsExactly(
            Map.entry("stage1/features", "[-1, 32, 32, 16]"),
            Map.entry("stage2/features", "[-1, 16, 16, 32]"),
            Map.entry("stage3/features", "[-1, 8, 8, 64]"),
            Map.entry("stage4/features", "[-1, 4, 4, 128]"),
            Map.entry("features", "[-1, 128]"),
            Map.entry("logits", "[-1, 10]"));
  }

  @Test
  void imagenetStemDividesByFourAndBottlenecksWidenFourTimes() {
    assertThat(endpoints(new ResNetModel(50, "imagenet", 0.125, 7, 0.99), 64, 64, 3))
        .containsExactly(
            Map.entry("stage1/features", "[-1, 16, 16, 32]"),
            Map.entry("stage2/features", "[-1, 8, 8, 64]"),
            Map.entry("stage3/features", "[-1, 4, 4, 128]"),
            Map.entry("stage4/features", "[-1, 2, 2, 256]"),
            Map.entry("features", "[-1, 256]"),
            Map.entry("logits", "[-1, 7]"));
  }

  @ParameterizedTest(name = "resnet-{0}")
  @CsvSource({"18, 3", "34, 3", "50, 4", "101, 4"})
  void depthCountsTheWeightedLayersOfTheMainPath(int depth, int projections) {
    try (Graph g = new Graph()) {
      TfVariableStore store =
          build(g, new ResNetModel(depth, "cifar", 0.0625, 10, 0.99), 8, 8, 1).store;
      List<String> names = store.all().stream().map(Var::name).toList();
      long convs =
          names.stream()
              .filter(
                  n -> n.endsWith("/kernel") && !n.contains("shortcut") && !n.contains("logits"))
              .count();
      assertThat(convs + 1).as("convolutions + the classifier").isEqualTo(depth);
      // stage 1 of a bottleneck net widens 64 → 256, so it projects too
      assertThat(names.stream().filter(n -> n.endsWith("shortcut/kernel")).count())
          .isEqualTo(projections);
      assertThat(names.stream().filter(n -> n.endsWith("/bn/moving_mean")).count())
          .isEqualTo(convs + projections);
      assertThat(names).noneMatch(n -> n.endsWith("/bias") && !n.startsWith("model/logits/"));
    }
  }

  @Test
  void rejectsADepthWithoutALayout() {
    assertThatThrownBy(() -> new ResNetModel(20, "cifar", 1, 10, 0.99))
        .hasMessageContaining("must be one of 18, 34, 50, 101");
    assertThatThrownBy(() -> new ResNetModel(18, "tiny", 1, 10, 0.99)).hasMessageContaining("tiny");
  }
}
