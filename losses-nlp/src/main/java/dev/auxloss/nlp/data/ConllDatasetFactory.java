package dev.auxloss.nlp.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDatasetBuilder.TaggedSentence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code conll}: sequence labelling from CoNLL files ({@link ConllFile}: a token per line, the tag
 * column configurable, BIO or IOBES tags), one file per split — the CoNLL-2000/2003 shared tasks
 * and Rei 2017's setting. The tokens are used as written. Tags are {@code O} (id 0: also BOS, EOS
 * and padding) then the training file's other tags, sorted; they go with the export as {@code
 * tags.txt}, and are the order {@code nlp.span_f1}'s {@code tag_names} lists. A validation or test
 * tag the training file lacks names its file and line. Scored with token accuracy and tag macro-F1
 * by the tagger's defaults; name {@code nlp.span_f1} for conlleval's span F1.
 *
 * <pre>{@code
 * data { dataset: "conll" param { name: "train" text: "conll2003/eng.train" }
 *        param { name: "validation" text: "conll2003/eng.testa" } }
 * model { name: "text-tagger" }
 * }</pre>
 */
public final class ConllDatasetFactory implements DatasetFactory {
  public static final Param<String> TRAIN =
      Param.text("train", "", "training file (CoNLL columns)").required("conll/train.txt");
  public static final Param<Integer> TOKEN_COLUMN =
      Param.integer("token_column", 0, "the column holding the token, from 0").atLeast(0);
  public static final Param<Integer> TAG_COLUMN =
      Param.integer("tag_column", -1, "the column holding the tag, from 0; -1 = the last")
          .check(c -> c >= -1, "must be >= -1 (-1: the last column)");

  public static final DatasetFactory FACTORY = new ConllDatasetFactory();

  private static final Descriptor DESCRIPTOR;

  static {
    List<Param<?>> params = new ArrayList<>(List.of(TRAIN));
    params.addAll(SplitFiles.PARAMS);
    params.addAll(List.of(TOKEN_COLUMN, TAG_COLUMN));
    params.addAll(TextDataConfig.PARAMS);
    DESCRIPTOR =
        Descriptor.builder("conll")
            .summary(
                "your tagged sentences: CoNLL columns (a token per line, BIO/IOBES tags), tags sorted after O")
            .params(params)
            .build();
  }

  private ConllDatasetFactory() {}

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
    int token = p.get(TOKEN_COLUMN);
    int tag = p.get(TAG_COLUMN);
    ConllFile train = ConllFile.read(Path.of(p.get(TRAIN)), token, tag, TRAIN.name(), bad);
    List<String> tags = tagNames(train);
    Map<Split, List<TaggedSentence>> raw =
        SplitFiles.splits(
            p,
            sentences(train, tags, TRAIN.name(), bad),
            (file, param) ->
                sentences(ConllFile.read(file, token, tag, param, bad), tags, param, bad));
    return TextDatasetBuilder.buildTagged(raw, TextDataConfig.read(p), tags);
  }

  /** O first (id 0), then the training file's other tags, sorted. */
  static List<String> tagNames(ConllFile train) {
    TreeSet<String> seen = new TreeSet<>();
    train.sentences().forEach(s -> seen.addAll(s.tags()));
    seen.remove("O");
    List<String> out = new ArrayList<>(List.of("O"));
    out.addAll(seen);
    return out;
  }

  /** The sentences with tag ids; one with a tag training lacks is a bad example. */
  private static List<TaggedSentence> sentences(
      ConllFile f, List<String> tags, String param, BadExamples bad) {
    List<TaggedSentence> out = new ArrayList<>();
    for (ConllFile.Sentence s : f.sentences()) {
      try {
        out.add(new TaggedSentence(s.tokens(), ids(f, s, tags, param)));
      } catch (BadExample e) {
        bad.reject(SplitFiles.split(param), e);
      }
    }
    return SplitFiles.nonEmpty(out, f.file(), param);
  }

  private static int[] ids(ConllFile f, ConllFile.Sentence s, List<String> tags, String param) {
    int[] ids = new int[s.tags().size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tags.indexOf(s.tags().get(i));
      if (ids[i] < 0) {
        throw LabelledTextFiles.bad(
            BadExample.UNKNOWN_LABEL,
            param,
            LabelledTextFiles.at(f.file(), s.line() + i)
                + ": tag '"
                + s.tags().get(i)
                + "' is not among the training tags "
                + tags);
      }
    }
    return ids;
  }
}
