package dev.auxloss.nlp.data;

import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDatasetBuilder.Example;
import dev.auxloss.nlp.data.TextDatasetBuilder.Task;
import dev.auxloss.nlp.loss.internal.NlpParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Debian fortunes corpus as a dataset: {@code fortunes} classifies a quote's category (the L3
 * benchmark: 10 % of the labels, LM auxiliaries on all text), {@code fortunes-punct} restores the
 * punctuation and capitalisation of the same quotes (sequence labelling, the Rei 2017 setting).
 *
 * <p>Parameters: {@code dir} (default {@code /usr/share/games/fortunes}), {@code categories} (comma
 * separated; default {@value #DEFAULT_CATEGORIES}: five large, distinct categories, about 3 600
 * quotes) and the {@link TextDataConfig} ones. A missing or bad file is a {@code ConfigException}
 * naming it.
 *
 * <pre>{@code
 * Dataset d = FortunesDatasetFactory.classification().create(Params.of("label_fraction", 0.1));
 * d.size(Split.TRAIN);  // about 2 900 quotes, about 290 of them labelled
 * }</pre>
 */
public final class FortunesDatasetFactory implements DatasetFactory {
  /** Large categories whose quotes differ in topic and form. */
  public static final String DEFAULT_CATEGORIES =
      "computers,definitions,politics,science,songs-poems";

  public static final Param<String> DIR =
      Param.text("dir", FortunesReader.DEFAULT_DIR.toString(), "directory of fortune files")
          .nonBlank();
  public static final Param<String> CATEGORIES =
      NlpParams.nameList(
          "categories",
          DEFAULT_CATEGORIES,
          "comma-separated category files; a quote's label is its index",
          "category");

  private final Task task;
  private final Descriptor descriptor;

  private FortunesDatasetFactory(Task task, String key, String summary) {
    this.task = task;
    List<Param<?>> params = new ArrayList<>(List.of(DIR, CATEGORIES));
    params.addAll(TextDataConfig.PARAMS);
    this.descriptor = Descriptor.builder(key).summary(summary).params(params).build();
  }

  /** The {@code fortunes} dataset: field {@code label}. */
  public static FortunesDatasetFactory classification() {
    return new FortunesDatasetFactory(
        Task.CLASSIFY,
        "fortunes",
        "Debian fortunes: classify a quote's category; all quotes double as LM text");
  }

  /** The {@code fortunes-punct} dataset: field {@code tags}. */
  public static FortunesDatasetFactory punctuation() {
    return new FortunesDatasetFactory(
        Task.PUNCTUATION,
        "fortunes-punct",
        "Debian fortunes: restore punctuation and capitalisation (mark x case per token, 15 tags)");
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public TextDataset create(Params params) {
    List<String> categories = NlpParams.names(params.get(CATEGORIES));
    TextDataConfig cfg = TextDataConfig.read(params);
    FortunesCorpus corpus = FortunesReader.read(Path.of(params.get(DIR)), categories);
    Map<Split, List<Example>> raw = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      raw.put(s, corpus.split(s).stream().map(q -> new Example(q.text(), q.label())).toList());
    }
    return TextDatasetBuilder.build(raw, task, cfg, corpus.categories());
  }
}
