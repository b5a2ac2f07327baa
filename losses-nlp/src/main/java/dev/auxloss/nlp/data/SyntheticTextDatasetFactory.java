package dev.auxloss.nlp.data;

import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDatasetBuilder.Example;
import dev.auxloss.nlp.data.TextDatasetBuilder.Task;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code synthetic-text}: {@link SyntheticText} as a dataset, through the same tokenizer, vocabulary
 * and encoding as the fortunes corpus, so tests and examples exercise the real pipeline with no data
 * installed.
 *
 * <p>Parameters: {@code classes} (4), {@code examples} (2000, split 80/10/10 by a hash of the text),
 * {@code seed} (1), {@code task} ({@code classify} or {@code punct}) and the {@link TextDataConfig}
 * ones.
 *
 * <pre>{@code
 * Dataset d = new SyntheticTextDatasetFactory().create(Params.of("examples", 200, "seq_len", 32));
 * }</pre>
 */
public final class SyntheticTextDatasetFactory implements DatasetFactory {
  @Override
  public String summary() {
    return "synthetic class-conditioned text with learnable classes, next words and punctuation";
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> s = new ArrayList<>();
    s.add(ParamSpec.integer("classes", 4, "number of classes"));
    s.add(ParamSpec.integer("examples", 2000, "number of texts over all splits"));
    s.add(ParamSpec.integer("seed", 1, "generator seed"));
    s.add(ParamSpec.text("task", "classify", "classify (field label) | punct (field tags)"));
    s.addAll(TextDataConfig.specs());
    return s;
  }

  @Override
  public TextDataset create(Params params) {
    int classes = params.integer("classes", 4, x -> x >= 1, "must be >= 1");
    int examples = params.integer("examples", 2000, x -> x >= 10, "must be >= 10");
    int seed = params.integer("seed", 1);
    String task = params.choice("task", "classify", List.of("classify", "punct"));
    TextDataConfig cfg = TextDataConfig.read(params);
    params.check(params());
    List<Example> all = SyntheticText.generate(classes, examples, seed);
    Map<Split, List<Example>> raw = new EnumMap<>(Split.class);
    for (Split s : Split.values()) raw.put(s, new ArrayList<>());
    for (Example e : all) raw.get(FortunesCorpus.splitOf(e.text())).add(e);
    List<String> names = IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
    return TextDatasetBuilder.build(
        raw, task.equals("punct") ? Task.PUNCTUATION : Task.CLASSIFY, cfg, names);
  }
}
