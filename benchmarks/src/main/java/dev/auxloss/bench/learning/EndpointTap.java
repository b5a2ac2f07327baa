package dev.auxloss.bench.learning;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFn;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * A {@link ModelFn} that builds another one unchanged and remembers the endpoints it publishes in its
 * <b>inference-mode</b> pass (the evaluation pass of the training graph: no dropout), so a benchmark
 * can fetch them with {@code TfTrainingSession.fetch}. The training graph keeps only the served
 * outputs of that pass ({@code evalOutputs}); its endpoints are not otherwise reachable.
 *
 * <p>Each training graph builds the training pass first, then the evaluation pass: a training-mode
 * build clears what an earlier graph left, so after {@code TfTrainingSession.open} the map holds the
 * current graph's operands. One run at a time.
 */
public final class EndpointTap implements ModelFn {
  private ModelFn model;
  private final Map<String, Operand<?>> inference = new LinkedHashMap<>();

  void wrap(ModelFn m) {
    this.model = m;
  }

  /** Endpoints of the last inference-mode build, by name ({@code moe/fwd1/expert_fraction}...). */
  public Map<String, Operand<?>> inference() {
    return Map.copyOf(inference);
  }

  @Override
  public void build(ModelContext ctx) {
    if (ctx.training()) inference.clear();
    model.build(new ModelContext() {
      @Override
      public Ops tf() {
        return ctx.tf();
      }

      @Override
      public boolean training() {
        return ctx.training();
      }

      @Override
      public <T extends TType> Operand<T> input(String name, Class<T> type) {
        return ctx.input(name, type);
      }

      @Override
      public Layers layers() {
        return ctx.layers();
      }

      @Override
      public void publish(String name, Operand<?> value) {
        if (!ctx.training()) inference.put(name, value);
        ctx.publish(name, value);
      }

      @Override
      public void output(String name, Operand<?> value) {
        ctx.output(name, value);
      }

      @Override
      public long seed() {
        return ctx.seed();
      }
    });
  }
}
