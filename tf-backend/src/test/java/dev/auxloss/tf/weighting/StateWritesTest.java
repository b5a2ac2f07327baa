package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.tf.graph.TfWeightingContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;

/** A strategy's state changes only through {@code ctx.assign}, and only when the step applies. */
class StateWritesTest {
  @Test
  void dwaStateMovesOnlyOnAnAppliedStep() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 1, 2);
      f.term("main", Role.PRIMARY, f.quadratic(x, 0, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 3, 3), 1f);
      TfWeightingContext ctx = f.ctx();
      DwaWeighting.factory().create(Params.of("ema_decay", 0.5)).combine(ctx);
      Placeholder<TBool> apply = f.tf.placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
      var writes = ctx.stateUpdates(apply);
      assertThat(writes).hasSize(5); // last and previous loss per term, the step count
      var steps =
          f.store.all().stream()
              .filter(v -> v.name().equals("weighting/dwa/steps"))
              .findFirst()
              .orElseThrow();
      try (var no = TBool.scalarOf(false);
          var yes = TBool.scalarOf(true);
          var session = new org.tensorflow.Session(f.graph)) {
        session.initialize();
        run(session, writes, apply, no);
        assertThat(read(session, steps)).as("a skipped step").isEqualTo(0f);
        run(session, writes, apply, yes);
        assertThat(read(session, steps)).isEqualTo(1f);
      }
      assertThat(ctx.stateUpdates(apply)).as("built once").isSameAs(writes);
    }
  }

  @Test
  void onlyStateVariablesAreAssignedAndEachOncePerStep() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 1);
      TfWeightingContext ctx = f.ctx();
      assertThatThrownBy(() -> ctx.assign(x, f.tf.constant(new float[] {0})))
          .hasMessage(
              "'x' is trainable: the optimizer updates it, a strategy assigns only state variables");
      Var s = ctx.stateVariable("s", Shape.scalar(), Initializer.zeros());
      ctx.assign(s, f.tf.constant(1f));
      assertThatThrownBy(() -> ctx.assign(s, f.tf.constant(2f)))
          .hasMessage("state 'weighting/s' is assigned twice in one step");
      assertThat(f.updates()).hasSize(1);
      assertThat(f.run(Map.of("s", s.value()), f.updates()).get("s")[0]).isEqualTo(0f);
      assertThat(f.scalar(s.value())).isEqualTo(1f);
    }
  }

  private static void run(
      org.tensorflow.Session session,
      java.util.List<org.tensorflow.op.Op> targets,
      Placeholder<TBool> apply,
      TBool value) {
    var runner = session.runner().feed(apply, value);
    targets.forEach(runner::addTarget);
    runner.run().close();
  }

  private static float read(org.tensorflow.Session session, Var v) {
    try (var r = session.runner().fetch(v.value()).run()) {
      return ((org.tensorflow.types.TFloat32) r.get(0)).getFloat();
    }
  }
}
