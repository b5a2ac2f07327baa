package dev.auxloss.nlp.data;

import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * How a dataset read from your files gets its splits: a training file (the dataset's own {@code
 * train} parameter), a validation file or a seeded share of train held out, and an optional test
 * file. Declared once for {@code text-classification} and {@code conll}.
 */
final class SplitFiles {
  private SplitFiles() {}

  static final Param<String> VALIDATION =
      Param.text("validation", "", "validation file; empty: hold out validation_split of train");
  static final Param<String> TEST = Param.text("test", "", "test file; empty: no test split");
  static final Param<Double> VALIDATION_SPLIT =
      Param.number(
              "validation_split",
              0,
              "share of train held out for validation when there is no validation file")
          .fraction();
  static final Param<Integer> SPLIT_SEED =
      Param.integer("split_seed", 1, "seed of the validation_split");

  /** The split a file parameter reads: {@code train} (each dataset's own), validation or test. */
  static Split split(String param) {
    if (param.equals(VALIDATION.name())) return Split.VALIDATION;
    return param.equals(TEST.name()) ? Split.TEST : Split.TRAIN;
  }

  /** {@code kept}, unless the policy skipped every example of {@code file}: still an error. */
  static <T> List<T> nonEmpty(List<T> kept, Path file, String param) {
    if (kept.isEmpty()) {
      throw LabelledTextFiles.error(
          param, file + ": no examples left (on_bad_example: SKIP skipped every one)");
    }
    return kept;
  }

  /** The parameters every such dataset has beside its {@code train}. */
  static final List<Param<?>> PARAMS = List.of(VALIDATION, TEST, VALIDATION_SPLIT, SPLIT_SEED);

  /**
   * Every split's examples: {@code train} (already read), validation read from its file or held out
   * of train (at least one example on each side), test read from its file or none. {@code read}
   * reads a file given the parameter that named it, for its errors.
   */
  static <T> Map<Split, List<T>> splits(
      Params p, List<T> train, BiFunction<Path, String, List<T>> read) {
    Map<Split, List<T>> raw = new EnumMap<>(Split.class);
    if (p.get(VALIDATION).isEmpty()) {
      if (!(p.get(VALIDATION_SPLIT) > 0)) {
        throw LabelledTextFiles.error(
            VALIDATION.name(), "is required unless validation_split holds out part of train");
      }
      List<T> shuffled = new ArrayList<>(train);
      Collections.shuffle(shuffled, new Random(p.get(SPLIT_SEED)));
      int n =
          Math.max(
              1,
              Math.min(train.size() - 1, (int) Math.round(p.get(VALIDATION_SPLIT) * train.size())));
      raw.put(Split.TRAIN, List.copyOf(shuffled.subList(n, shuffled.size())));
      raw.put(Split.VALIDATION, List.copyOf(shuffled.subList(0, n)));
    } else {
      raw.put(Split.TRAIN, train);
      raw.put(Split.VALIDATION, read.apply(Path.of(p.get(VALIDATION)), VALIDATION.name()));
    }
    raw.put(
        Split.TEST,
        p.get(TEST).isEmpty() ? List.of() : read.apply(Path.of(p.get(TEST)), TEST.name()));
    return raw;
  }
}
