package dev.auxloss.nlp.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code text-classification}: your own labelled texts from JSON Lines or CSV/TSV files, one per
 * split ({@link LabelledTextFiles}; fields {@code text} and {@code label} unless named). Labels are
 * the training file's distinct values, sorted (numerically when all are integers), and go with the
 * export as {@code labels.txt}; a validation or test label the training file lacks is a config
 * error naming its file and line. Without a validation file a seeded {@code validation_split} holds
 * out training examples. Tokenized, encoded and partly labelled as every text dataset ({@link
 * TextDataConfig}): the model learns {@code label} from {@code tokens}, and the LM auxiliaries read
 * every text.
 *
 * <pre>{@code
 * data { dataset: "text-classification" param { name: "train" text: "reviews/train.jsonl" }
 *        param { name: "validation" text: "reviews/dev.jsonl" } }
 * }</pre>
 */
public final class TextClassificationDatasetFactory implements DatasetFactory {
  public static final Param<String> TRAIN =
      Param.text("train", "", "training file (.jsonl, .csv or .tsv)").required("data/train.jsonl");
  public static final Param<String> FORMAT =
      Param.choice(
          "format",
          "auto",
          List.of("auto", "jsonl", "csv", "tsv"),
          "file format; auto follows the extension");
  public static final Param<String> TEXT_FIELD =
      NlpParams.name("text_field", "text", "the field holding the text");
  public static final Param<String> LABEL_FIELD =
      NlpParams.name("label_field", "label", "the field holding the label");

  public static final DatasetFactory FACTORY = new TextClassificationDatasetFactory();

  private static final Descriptor DESCRIPTOR;

  static {
    List<Param<?>> params = new ArrayList<>(List.of(TRAIN));
    params.addAll(SplitFiles.PARAMS);
    params.addAll(List.of(FORMAT, TEXT_FIELD, LABEL_FIELD));
    params.addAll(TextDataConfig.PARAMS);
    DESCRIPTOR =
        Descriptor.builder("text-classification")
            .summary(
                "your labelled texts: JSONL or CSV/TSV files (fields text, label), string labels sorted")
            .params(params)
            .build();
  }

  private TextClassificationDatasetFactory() {}

  @Override
  public Descriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TextDataset create(Params p) {
    return create(p, BadExamples.failing());
  }

  @Override
  public TextDataset create(Params p, BadExamples bad) {
    String format = p.get(FORMAT);
    String text = p.get(TEXT_FIELD);
    String label = p.get(LABEL_FIELD);
    LabelledTextFiles train =
        LabelledTextFiles.read(Path.of(p.get(TRAIN)), format, text, label, TRAIN.name(), bad);
    List<String> classes = classes(train.rows());
    if (classes.size() < 2) {
      throw LabelledTextFiles.error(
          TRAIN.name(),
          train.file() + ": one label (" + classes + "); a classifier needs two or more");
    }
    Map<Split, List<Example>> raw =
        SplitFiles.splits(
            p,
            examples(train, classes, TRAIN.name(), bad),
            (file, param) ->
                examples(
                    LabelledTextFiles.read(file, format, text, label, param, bad),
                    classes,
                    param,
                    bad));
    return TextDatasetBuilder.build(raw, Task.CLASSIFY, TextDataConfig.read(p), classes);
  }

  /** The distinct labels, numerically sorted when every one is an integer, else as text. */
  static List<String> classes(List<LabelledTextFiles.Row> rows) {
    TreeSet<String> names = new TreeSet<>();
    rows.forEach(r -> names.add(r.label()));
    boolean integers = names.stream().allMatch(n -> n.matches("-?\\d{1,9}"));
    return integers
        ? names.stream().sorted(Comparator.comparingInt(Integer::parseInt)).toList()
        : List.copyOf(names);
  }

  private static List<Example> examples(
      LabelledTextFiles f, List<String> classes, String param, BadExamples bad) {
    List<Example> out = new ArrayList<>();
    for (LabelledTextFiles.Row r : f.rows()) {
      int label = classes.indexOf(r.label());
      if (label < 0) {
        bad.reject(
            SplitFiles.split(param),
            LabelledTextFiles.bad(
                BadExample.UNKNOWN_LABEL,
                param,
                LabelledTextFiles.at(f.file(), r.line())
                    + ": label '"
                    + r.label()
                    + "' is not among the training labels "
                    + classes));
        continue;
      }
      out.add(new Example(r.text(), label));
    }
    return SplitFiles.nonEmpty(out, f.file(), param);
  }
}
