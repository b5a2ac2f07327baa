package dev.auxloss.nlp.data;

import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDatasetBuilder.Example;
import dev.auxloss.nlp.data.TextDatasetBuilder.Task;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code synthetic-text}: {@link SyntheticText} as a dataset, through the same tokenizer,
 * vocabulary and encoding as the fortunes corpus, so tests and examples exercise the real pipeline
 * with no data installed.
 *
 * <p>Parameters: {@code classes} (4), {@code examples} (2000, split 80/10/10 by a hash of the
 * text), {@code seed} (1), {@code task} ({@code classify} or {@code punct}) and the {@link
 * TextDataConfig} ones.
 *
 * <pre>{@code
 * Dataset d = SyntheticTextDatasetFactory.FACTORY.create(Params.of("examples", 200, "seq_len", 32));
 * }</pre>
 */
public final class SyntheticTextDatasetFactory {
  public static final Param<Integer> CLASSES =
      Param.integer("classes", 4, "number of classes").atLeast(1);
  public static final Param<Integer> EXAMPLES =
      Param.integer("examples", 2000, "number of texts over all splits").atLeast(10);
  public static final Param<Integer> SEED = Param.integer("seed", 1, "generator seed");
  public static final Param<String> TASK =
      Param.choice(
          "task",
          "classify",
          List.of("classify", "punct"),
          "classify (field label) or punct (field tags)");

  public static final DatasetFactory FACTORY =
      DatasetFactory.of(
          Descriptor.builder("synthetic-text")
              .summary(
                  "synthetic class-conditioned text with learnable classes, next words and punctuation")
              .params(params())
              .build(),
          SyntheticTextDatasetFactory::create);

  private SyntheticTextDatasetFactory() {}

  private static List<Param<?>> params() {
    List<Param<?>> all = new ArrayList<>(List.of(CLASSES, EXAMPLES, SEED, TASK));
    all.addAll(TextDataConfig.PARAMS);
    return all;
  }

  /**
   * The dataset {@code params} describe (unchecked params are checked one by one as they are read).
   */
  public static TextDataset create(Params params) {
    int classes = params.get(CLASSES);
    List<Example> all = SyntheticText.generate(classes, params.get(EXAMPLES), params.get(SEED));
    TextDataConfig cfg = TextDataConfig.read(params);
    Map<Split, List<Example>> raw = new EnumMap<>(Split.class);
    for (Split s : Split.values()) raw.put(s, new ArrayList<>());
    for (Example e : all) raw.get(FortunesCorpus.splitOf(e.text())).add(e);
    List<String> names = IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
    Task task = params.get(TASK).equals("punct") ? Task.PUNCTUATION : Task.CLASSIFY;
    return TextDatasetBuilder.build(raw, task, cfg, names);
  }
}
