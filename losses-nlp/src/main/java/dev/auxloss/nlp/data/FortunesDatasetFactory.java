package dev.auxloss.nlp.data;

import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDatasetBuilder.Example;
import dev.auxloss.nlp.data.TextDatasetBuilder.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
  public static final String DEFAULT_CATEGORIES = "computers,definitions,politics,science,songs-poems";

  private final Task task;

  public FortunesDatasetFactory(Task task) {
    this.task = task;
  }

  /** The {@code fortunes} dataset: field {@code label}. */
  public static FortunesDatasetFactory classification() {
    return new FortunesDatasetFactory(Task.CLASSIFY);
  }

  /** The {@code fortunes-punct} dataset: field {@code tags}. */
  public static FortunesDatasetFactory punctuation() {
    return new FortunesDatasetFactory(Task.PUNCTUATION);
  }

  @Override
  public String summary() {
    return task == Task.CLASSIFY
        ? "Debian fortunes: classify a quote's category; all quotes double as LM text"
        : "Debian fortunes: restore punctuation and capitalisation (mark x case per token, 15 tags)";
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> s = new ArrayList<>();
    s.add(ParamSpec.text("dir", FortunesReader.DEFAULT_DIR.toString(), "directory of fortune files"));
    s.add(ParamSpec.text("categories", DEFAULT_CATEGORIES, "comma-separated category files; a quote's label is its index"));
    s.addAll(TextDataConfig.specs());
    return s;
  }

  @Override
  public TextDataset create(Params params) {
    String dir = params.text("dir", FortunesReader.DEFAULT_DIR.toString());
    List<String> categories =
        Arrays.stream(params.text("categories", DEFAULT_CATEGORIES).split(","))
            .map(String::strip).filter(c -> !c.isEmpty()).toList();
    TextDataConfig cfg = TextDataConfig.read(params);
    params.check(params());
    FortunesCorpus corpus = FortunesReader.read(Path.of(dir), categories);
    Map<Split, List<Example>> raw = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      raw.put(s, corpus.split(s).stream().map(q -> new Example(q.text(), q.label())).toList());
    }
    return TextDatasetBuilder.build(raw, task, cfg, corpus.categories());
  }
}
