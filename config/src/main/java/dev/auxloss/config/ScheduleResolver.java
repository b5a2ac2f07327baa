package dev.auxloss.config;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.schedule.WeightSchedule;
import dev.auxloss.config.proto.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code Schedule} block and turns it into a {@link WeightSchedule}, filling its defaults.
 *
 * <p>Types and the fields each reads: {@code constant} (value, default 1), {@code linear} (from,
 * to, start, end; end defaults to the training steps), {@code cosine} (from, to, steps; steps
 * defaults to the training steps), {@code step} (boundaries, values: one more value than
 * boundaries) and {@code exponential} (from, default 1, rate in (0, 1], every, default 1). {@code
 * warmup_steps} (0 → 1 linearly) and {@code off_after} (0 from that step on) multiply any type. A
 * field the type does not read is an error, so {@code type: "linear" values: 0.1} does not silently
 * do nothing. Every value must be finite and >= 0: a schedule multiplies a weight or a learning
 * rate.
 */
final class ScheduleResolver {
  static final Map<String, List<String>> FIELDS =
      Map.of(
          "constant", List.of("value"),
          "linear", List.of("from", "to", "start", "end"),
          "cosine", List.of("from", "to", "steps"),
          "step", List.of("boundaries", "values"),
          "exponential", List.of("from", "rate", "every"));
  private static final Set<String> COMMON = Set.of("type", "warmup_steps", "off_after");

  /** The resolved schedule (null when the block has errors) and the block with defaults filled. */
  record Resolved(WeightSchedule schedule, Schedule config) {}

  private ScheduleResolver() {}

  static Resolved resolve(Schedule raw, String field, long trainingSteps, ErrorCollector errors) {
    int before = errors.size();
    String type = raw.getType().isEmpty() ? "constant" : raw.getType();
    Schedule.Builder out = Schedule.newBuilder().setType(type);
    if (!FIELDS.containsKey(type)) {
      errors.add(field + ".type", NearestName.unknown("schedule type", type, FIELDS.keySet()));
      return new Resolved(null, raw);
    }
    unused(raw, type, field, errors);
    WeightSchedule base =
        switch (type) {
          case "constant" -> {
            double value = raw.getValue() == 0 ? 1 : raw.getValue();
            nonNegative(value, field + ".value", errors);
            out.setValue(value);
            yield errors.size() == before ? Schedules.constant(value) : null;
          }
          case "linear" -> {
            long end = raw.getEnd() == 0 ? trainingSteps : raw.getEnd();
            nonNegative(raw.getFrom(), field + ".from", errors);
            nonNegative(raw.getTo(), field + ".to", errors);
            errors.check(raw.getStart() >= 0, field + ".start", "must be >= 0", raw.getStart());
            if (raw.getStart() >= 0 && end <= raw.getStart()) {
              errors.add(
                  field + ".end",
                  "a linear schedule needs end > start, found start "
                      + raw.getStart()
                      + ", end "
                      + end);
            }
            out.setFrom(raw.getFrom()).setTo(raw.getTo()).setStart(raw.getStart()).setEnd(end);
            yield errors.size() == before
                ? Schedules.linear(raw.getFrom(), raw.getTo(), raw.getStart(), end)
                : null;
          }
          case "cosine" -> {
            long steps = raw.getSteps() == 0 ? trainingSteps : raw.getSteps();
            nonNegative(raw.getFrom(), field + ".from", errors);
            nonNegative(raw.getTo(), field + ".to", errors);
            errors.check(steps > 0, field + ".steps", "a cosine schedule needs steps > 0", steps);
            out.setFrom(raw.getFrom()).setTo(raw.getTo()).setSteps(steps);
            yield errors.size() == before
                ? Schedules.cosine(raw.getFrom(), raw.getTo(), steps)
                : null;
          }
          case "step" -> {
            step(raw, field, errors);
            out.addAllBoundaries(raw.getBoundariesList()).addAllValues(raw.getValuesList());
            yield errors.size() == before
                ? Schedules.step(raw.getBoundariesList(), raw.getValuesList())
                : null;
          }
          default -> {
            double from = raw.getFrom() == 0 ? 1 : raw.getFrom();
            long every = raw.getEvery() == 0 ? 1 : raw.getEvery();
            nonNegative(from, field + ".from", errors);
            errors.check(
                raw.getRate() > 0 && raw.getRate() <= 1,
                field + ".rate",
                "an exponential schedule needs rate in (0, 1]",
                raw.getRate());
            errors.check(every > 0, field + ".every", "must be > 0", every);
            out.setFrom(from).setRate(raw.getRate()).setEvery(every);
            yield errors.size() == before
                ? Schedules.exponential(from, raw.getRate(), every)
                : null;
          }
        };
    errors.check(
        raw.getWarmupSteps() >= 0, field + ".warmup_steps", "must be >= 0", raw.getWarmupSteps());
    errors.check(raw.getOffAfter() >= 0, field + ".off_after", "must be >= 0", raw.getOffAfter());
    out.setWarmupSteps(raw.getWarmupSteps()).setOffAfter(raw.getOffAfter());
    if (errors.size() != before) return new Resolved(null, out.build());
    WeightSchedule s = base;
    if (raw.getWarmupSteps() > 0) s = s.times(Schedules.warmup(raw.getWarmupSteps()));
    if (raw.getOffAfter() > 0) s = s.times(Schedules.offAfter(raw.getOffAfter()));
    return new Resolved(s, out.build());
  }

  private static void step(Schedule raw, String field, ErrorCollector errors) {
    List<Long> b = raw.getBoundariesList();
    List<Double> v = raw.getValuesList();
    if (v.size() != b.size() + 1) {
      errors.add(
          field + ".values",
          "a step schedule needs one more value than boundaries, found "
              + b.size()
              + " boundaries and "
              + v.size()
              + " values");
    }
    boolean increasing = true;
    for (int i = 1; i < b.size(); i++) increasing &= b.get(i) > b.get(i - 1);
    errors.check(increasing, field + ".boundaries", "must increase", b);
    errors.check(b.isEmpty() || b.get(0) >= 0, field + ".boundaries", "must be >= 0", b);
    List<Double> bad = new ArrayList<>();
    for (double x : v) if (!(x >= 0) || Double.isInfinite(x)) bad.add(x);
    errors.check(bad.isEmpty(), field + ".values", "must be finite numbers >= 0", bad);
  }

  private static void unused(Schedule raw, String type, String field, ErrorCollector errors) {
    for (FieldDescriptor f : Schedule.getDescriptor().getFields()) {
      boolean set = f.isRepeated() ? raw.getRepeatedFieldCount(f) > 0 : raw.hasField(f);
      if (set && !COMMON.contains(f.getName()) && !FIELDS.get(type).contains(f.getName())) {
        errors.add(
            field + "." + f.getName(),
            "not used by a "
                + type
                + " schedule (it reads "
                + String.join(", ", FIELDS.get(type))
                + ")");
      }
    }
  }

  private static void nonNegative(double value, String field, ErrorCollector errors) {
    errors.check(
        value >= 0 && !Double.isInfinite(value), field, "must be a finite number >= 0", value);
  }
}
