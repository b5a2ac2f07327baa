package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.schedule.WeightSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Every schedule's graph form equals its host form at every step checked. */
class ScheduleGraphTest {
  @Test
  void graphAndHostAgree() {
    List<WeightSchedule> all =
        List.of(
            Schedules.constant(0.3),
            Schedules.linear(0.3, 0.1, 10, 110),
            Schedules.cosine(1, 0.1, 80),
            Schedules.step(List.of(5L, 50L), List.of(1.0, 0.4, 0.0)),
            Schedules.warmup(20).times(Schedules.constant(0.4)),
            Schedules.offAfter(30),
            Schedules.exponential(0.5, 0.9, 10));
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt64> step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      List<Operand<TFloat32>> ops = all.stream().map(w -> w.build(tf, step)).toList();
      for (long k : new long[] {0, 1, 5, 10, 29, 30, 60, 110, 500}) {
        try (TInt64 kt = TInt64.scalarOf(k)) {
          Session.Runner r = s.runner().feed(step, kt);
          ops.forEach(r::fetch);
          try (Result res = r.run()) {
            for (int i = 0; i < all.size(); i++) {
              assertThat((double) ((TFloat32) res.get(i)).getFloat())
                  .as(all.get(i).describe() + " at " + k)
                  .isCloseTo(all.get(i).valueAt(k), within(1e-5));
            }
          }
        }
      }
    }
  }
}
