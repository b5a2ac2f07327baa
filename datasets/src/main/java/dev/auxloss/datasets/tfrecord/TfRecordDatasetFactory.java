package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tfrecord}: TFRecord files of {@code tf.train.Example}, one glob per split, features
 * declared in the {@code features} parameter ({@link FeatureSyntax}). Every record's length and
 * data CRC (masked CRC32C) are verified whenever it is read. Before training, every file of every
 * split is read once: with {@code verify} (the default) every record is checked and decoded as the
 * batches will decode it, so bad data fails before a run writes anything, naming the file, the
 * record and the feature; {@code verify: false} only counts the records (checking each length's
 * CRC, skipping the data) and finds a bad record when training reaches it.
 *
 * <pre>
 * data {
 *   dataset: "tfrecord"
 *   param { name: "train" text: "/data/mnist/train-*.tfrecord" }
 *   param { name: "test" text: "/data/mnist/test-*.tfrecord" }
 *   param { name: "features" text: "image/encoded as image: image[28,28,1]; label: int64" }
 *   param { name: "classes" number: 10 }
 * }
 * </pre>
 */
public final class TfRecordDatasetFactory {
  private TfRecordDatasetFactory() {}

  public static final String KEY = "tfrecord";
  static final String EXAMPLE_GLOB = "/data/train-*.tfrecord";

  static final Param<String> TRAIN =
      Param.text("train", "", "glob of the training files (sorted; a plain path is one file)")
          .required(EXAMPLE_GLOB);
  static final Param<String> VALIDATION =
      Param.text("validation", "", "glob of the validation files; empty: none");
  static final Param<String> TEST = Param.text("test", "", "glob of the test files; empty: none");
  static final Param<String> COMPRESSION =
      Param.choice(
          "compression",
          "none",
          List.of("none", "gzip"),
          "how every file is compressed (tf.data's compression_type '' or 'GZIP')");
  static final Param<String> FEATURES =
      Param.text("features", "", "the Example features to feed, in the syntax the summary gives")
          .required("image: image[28,28,1]; label: int64");
  static final Param<String> LABEL =
      Param.text("label", "label", "the int64 scalar field holding class ids");
  static final Param<Integer> CLASSES =
      Param.integer(
              "classes",
              0,
              "class count of the label: ids must be in [0, classes); 0: the data has no class label")
          .atLeast(0);
  static final Param<Integer> SHUFFLE_BUFFER =
      Param.integer(
              "shuffle_buffer",
              1024,
              "training records held for shuffling (tf.data's shuffle(buffer_size)); 1: file order, files reshuffled per epoch")
          .atLeast(1);
  static final Param<Boolean> VERIFY =
      Param.flag(
          "verify",
          true,
          "decode every record once before training, so bad data fails before anything is written");

  static final Descriptor DESCRIPTOR =
      Descriptor.builder(KEY)
          .summary(
              "TFRecord files of tf.train.Example (tf.data's format), a glob per split, optionally gzip; "
                  + "CRCs verified, streamed through a shuffle buffer; features: "
                  + FeatureSyntax.DOC)
          .params(
              TRAIN,
              VALIDATION,
              TEST,
              COMPRESSION,
              FEATURES,
              LABEL,
              CLASSES,
              SHUFFLE_BUFFER,
              VERIFY)
          .build();

  public static final DatasetFactory FACTORY =
      DatasetFactory.ofReader(DESCRIPTOR, TfRecordDatasetFactory::create);

  /** Fails on the first bad record. */
  static TfRecordDataset create(Params p) {
    return create(p, BadExamples.failing());
  }

  static TfRecordDataset create(Params p, BadExamples bad) {
    List<FeatureSpec> features = FeatureSyntax.parse(p.get(FEATURES), FEATURES.name());
    String label = p.get(LABEL);
    int classes = p.get(CLASSES);
    List<ClassCount> classCounts = List.of();
    if (classes > 0) {
      FeatureSpec f =
          features.stream()
              .filter(x -> x.field().equals(label))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          ConfigError.of(
                              LABEL.name(),
                              "'"
                                  + label
                                  + "' is not a declared field; fields: "
                                  + features.stream().map(FeatureSpec::field).toList())));
      if (f.kind() != FeatureSpec.Kind.INT64 || f.shape().length != 0) {
        throw new ConfigException(
            ConfigError.of(
                LABEL.name(),
                "the label '"
                    + label
                    + "' must be declared an int64 scalar ('"
                    + f.key()
                    + ": int64'), found '"
                    + f
                    + "'"));
      }
      classCounts = List.of(new ClassCount(label, classes, "num_classes"));
    }
    ExampleDecoder decoder = new ExampleDecoder(features, classes > 0 ? label : null, classes);
    Compression compression = Compression.of(p.get(COMPRESSION));
    boolean verify = p.get(VERIFY);

    Map<Split, TfRecordDataset.SplitFiles> splits = new EnumMap<>(Split.class);
    List<ConfigError> errors = new ArrayList<>();
    Map<Split, Param<String>> globs =
        new EnumMap<>(Map.of(Split.TRAIN, TRAIN, Split.VALIDATION, VALIDATION, Split.TEST, TEST));
    for (var e : globs.entrySet()) {
      String glob = p.get(e.getValue()).strip();
      if (glob.isEmpty()) continue;
      try {
        List<Path> files = Globs.resolve(glob, e.getValue().name());
        TfRecordDataset.SplitFiles split =
            count(
                new TfRecordDataset.SplitFiles(
                    e.getValue().name(), e.getKey(), files, new int[files.size()], 0),
                compression,
                verify ? decoder : null,
                bad);
        if (split.count() == 0) {
          if (split.records() > 0) throw TfRecordDataset.noGoodRecord(split);
          throw new ConfigException(
              ConfigError.of(
                  e.getValue().name(),
                  "split "
                      + e.getKey().name().toLowerCase()
                      + " has no examples: the "
                      + files.size()
                      + " file(s) '"
                      + glob
                      + "' matches hold no record"));
        }
        splits.put(e.getKey(), split);
      } catch (ConfigException failed) {
        errors.addAll(failed.errors());
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new TfRecordDataset(
        splits, compression, features, decoder, classCounts, p.get(SHUFFLE_BUFFER), bad);
  }

  /**
   * {@code split} with its records counted: each read, its CRCs verified and decoded when {@code
   * decoder} is given (a bad one goes to {@code bad} and is not counted), else its data skipped
   * unread (only the length's CRC checked).
   */
  static TfRecordDataset.SplitFiles count(
      TfRecordDataset.SplitFiles split,
      Compression compression,
      ExampleDecoder decoder,
      BadExamples bad) {
    String param = split.param();
    int[] good = new int[split.files().size()];
    long total = 0;
    long records = 0;
    for (int i = 0; i < good.length; i++) {
      Path file = split.files().get(i);
      long n = 0;
      try (TfRecordReader r = TfRecordReader.open(file, compression, param)) {
        ExampleDecoder.Rows row = decoder == null ? null : decoder.new Rows(1);
        while (true) {
          try {
            if (decoder == null) {
              if (!r.skip()) break;
            } else {
              byte[] rec = r.next();
              if (rec == null) break;
              row.clear();
              row.add(rec, new ExampleDecoder.Place(param, file, r.index(), r.recordOffset()));
            }
            records++;
            n++;
          } catch (BadExample e) {
            if (r.broken()) {
              bad.abandonFile(split.split(), e);
              break;
            }
            records++; // framed, but bad: a later epoch meets it again
            bad.reject(split.split(), e);
          }
        }
      }
      total += n;
      if (total > Integer.MAX_VALUE) {
        throw new ConfigException(
            ConfigError.of(param, "holds more than " + Integer.MAX_VALUE + " records"));
      }
      good[i] = (int) n;
    }
    return new TfRecordDataset.SplitFiles(param, split.split(), split.files(), good, records);
  }
}
