package dev.auxloss.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.nlp.data.SyntheticTextDatasetFactory;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.ElectraRtdLoss;
import dev.auxloss.nlp.loss.MaskedLmLoss;
import dev.auxloss.nlp.loss.MultiTokenPredictionLoss;
import dev.auxloss.nlp.loss.NextTokenLoss;
import dev.auxloss.nlp.loss.ReiLmLoss;
import dev.auxloss.nlp.loss.RouterZLoss;
import dev.auxloss.nlp.loss.SentenceOrderLoss;
import dev.auxloss.nlp.loss.SequenceCrossEntropyLoss;
import dev.auxloss.nlp.loss.SimCseLoss;
import dev.auxloss.nlp.loss.SoftmaxZLoss;
import dev.auxloss.nlp.loss.SwitchLoadBalanceLoss;
import dev.auxloss.nlp.loss.TaggingCrossEntropyLoss;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.MiniTrainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.types.TInt32;

/**
 * {@code transformer-encoder}, made from config parameters with the dataset's model hints filled in
 * as the resolver fills them, trains with each NLP auxiliary loss (made from config too) beside the
 * primary cross-entropy: the auxiliary term falls over a few dozen Adam steps.
 */
class TransformerEncoderLearnsTest {
  private static final Dataset CLASSES =
      FromConfig.dataset(
          SyntheticTextDatasetFactory.FACTORY, "examples", 400, "seq_len", 24, "classes", 4);
  private static final Dataset PUNCT =
      FromConfig.dataset(
          SyntheticTextDatasetFactory.FACTORY, "examples", 400, "seq_len", 24, "task", "punct");
  private static final int STEPS = 40;

  /** The encoder with the data's hints (vocab_size, classes or tags) and small sizes. */
  static ModelFn encoder(Dataset data, Object... extra) {
    List<Object> p = new ArrayList<>();
    data.modelHints()
        .forEach(
            (k, v) -> {
              if (!k.equals("seq_len")) { // the encoder has max_length, not seq_len
                p.add(k);
                p.add(v.intValue());
              }
            });
    p.addAll(List.of("dim", 16, "heads", 2, "layers", 2));
    p.addAll(List.of(extra));
    return FromConfig.model(TransformerEncoderModel.FACTORY, p.toArray());
  }

  static Stream<Arguments> auxiliaries() {
    return Stream.of(
        Arguments.of(MaskedLmLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(ElectraRtdLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(SimCseLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(SentenceOrderLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(SoftmaxZLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(NextTokenLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(MultiTokenPredictionLoss.FACTORY, new Object[] {"heads", 2}, new Object[] {}),
        Arguments.of(ReiLmLoss.FACTORY, new Object[] {}, new Object[] {}),
        Arguments.of(
            SwitchLoadBalanceLoss.FACTORY,
            new Object[] {},
            new Object[] {"moe_layers", List.of(1.0)}),
        Arguments.of(
            RouterZLoss.FACTORY, new Object[] {}, new Object[] {"moe_layers", List.of(0.0)}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("auxiliaries")
  void auxiliaryFallsBesideThePrimary(LossFactory aux, Object[] lossParams, Object[] modelParams) {
    String key = aux.descriptor().key();
    Map<String, AuxLoss> terms = new LinkedHashMap<>();
    terms.put("nlp.cross_entropy", FromConfig.loss(SequenceCrossEntropyLoss.FACTORY));
    terms.put(key, FromConfig.loss(aux, lossParams));
    List<Float> values = train(CLASSES, encoder(CLASSES, modelParams), terms, key);
    assertThat(mean(values.subList(STEPS - 8, STEPS)))
        .as(key)
        .isLessThan(mean(values.subList(0, 8)));
  }

  @Test
  void aPreLnTaggerWithALongerPositionTableTrainsWithTheMaskedLm() {
    Map<String, AuxLoss> terms = new LinkedHashMap<>();
    terms.put("nlp.tagging_cross_entropy", FromConfig.loss(TaggingCrossEntropyLoss.FACTORY));
    terms.put("nlp.mlm", FromConfig.loss(MaskedLmLoss.FACTORY));
    // the non-default choices, so their gradient paths are exercised too
    ModelFn model = encoder(PUNCT, "norm", "pre", "pooling", "mean", "max_length", 32);
    List<Float> tagging = train(PUNCT, model, terms, "nlp.tagging_cross_entropy");
    assertThat(mean(tagging.subList(STEPS - 8, STEPS)))
        .isLessThan(0.7 * mean(tagging.subList(0, 8)));
  }

  /**
   * Data with a segment field switches the segment embeddings on through its model hints, as the
   * resolver passes them; the same data without it leaves them off.
   */
  @Test
  void segmentsComeOnWhenTheDataHasThem() {
    Dataset segmented = new WithSegments(CLASSES);
    Map<String, AuxLoss> terms = new LinkedHashMap<>();
    terms.put("nlp.cross_entropy", FromConfig.loss(SequenceCrossEntropyLoss.FACTORY));
    terms.put("nlp.mlm", FromConfig.loss(MaskedLmLoss.FACTORY));
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(encoder(segmented))
            .dataset(segmented)
            .terms(terms)
            .adam(3e-3)
            .build()) {
      assertThat(t.trainedVariables()).contains("model/segment/table");
      for (float v : t.train(segmented.batches(Split.TRAIN, 16, 1), 3)) assertThat(v).isFinite();
    }
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(encoder(CLASSES))
            .dataset(CLASSES)
            .terms(terms)
            .sgd(0.01)
            .build()) {
      assertThat(t.trainedVariables()).noneMatch(v -> v.contains("segment"));
    }
  }

  /**
   * A dataset that also provides {@code segment_ids}: 0 up to the middle of each sequence's real
   * tokens, 1 after (two "sentences"), and hints {@code segment_embeddings} 2.
   */
  private record WithSegments(Dataset base) implements Dataset {
    @Override
    public List<TensorSpec> specs() {
      List<TensorSpec> s = new ArrayList<>(base.specs());
      TensorSpec tokens = s.get(0);
      s.add(new TensorSpec(TransformerEncoderModel.SEGMENT_IDS, TInt32.class, tokens.shape()));
      return s;
    }

    @Override
    public int size(Split split) {
      return base.size(split);
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      Iterator<Batch> it = base.batches(split, batchSize, seed);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          Batch b = it.next();
          HostTensor.Floats mask = (HostTensor.Floats) b.get(TextDataset.TOKEN_MASK);
          int t = (int) mask.shape().get(1);
          int[] segments = new int[mask.values().length];
          for (int row = 0; row < b.size(); row++) {
            int real = 0;
            for (int i = 0; i < t; i++) real += (int) mask.values()[row * t + i];
            for (int i = real / 2; i < t; i++) segments[row * t + i] = 1;
          }
          Map<String, HostTensor> f = new LinkedHashMap<>(b.fields());
          f.put(TransformerEncoderModel.SEGMENT_IDS, HostTensor.ints(segments, b.size(), t));
          return new Batch(f);
        }
      };
    }

    @Override
    public Map<String, Double> modelHints() {
      Map<String, Double> m = new LinkedHashMap<>(base.modelHints());
      m.put("segment_embeddings", 2.0);
      return m;
    }
  }

  /** Trains {@link #STEPS} Adam steps and returns the term {@code watched} at each. */
  private static List<Float> train(
      Dataset data, ModelFn model, Map<String, AuxLoss> terms, String watched) {
    try (MiniTrainer t =
        MiniTrainer.builder().model(model).dataset(data).terms(terms).adam(3e-3).seed(5).build()) {
      Iterator<Batch> it = data.batches(Split.TRAIN, 16, 5);
      List<Float> values = new ArrayList<>();
      for (int i = 0; i < STEPS; i++) {
        Map<String, Float> v = t.step(it.next());
        v.forEach((k, x) -> assertThat(x).as(k).isFinite());
        values.add(v.get(watched));
      }
      System.out.println(
          "CAL "
              + watched
              + " "
              + mean(values.subList(0, 8))
              + " -> "
              + mean(values.subList(STEPS - 8, STEPS)));
      return values;
    }
  }

  private static double mean(List<Float> xs) {
    return xs.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }
}
