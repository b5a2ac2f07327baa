package dev.auxloss.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.FortunesDatasetFactory;
import dev.auxloss.nlp.data.SyntheticTextDatasetFactory;
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
import dev.auxloss.nlp.model.TextLmModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NlpLossesModuleTest {
  private static final Injector INJECTOR = Guice.createInjector(new NlpLossesModule());

  private static <T> Map<String, T> map(Class<T> type) {
    @SuppressWarnings("unchecked")
    TypeLiteral<Map<String, T>> lit =
        (TypeLiteral<Map<String, T>>)
            TypeLiteral.get(com.google.inject.util.Types.mapOf(String.class, type));
    return INJECTOR.getInstance(Key.get(lit));
  }

  @Test
  void contributesEveryLossUnderItsKeyWithPaperDefaults() {
    Map<String, LossFactory> losses = map(LossFactory.class);
    assertThat(losses)
        .containsOnlyKeys(
            "nlp.cross_entropy",
            "nlp.tagging_cross_entropy",
            "nlp.next_token",
            "nlp.rei_lm",
            "nlp.mlm",
            "nlp.electra_rtd",
            "nlp.mtp",
            "nlp.switch_load_balance",
            "nlp.router_z_loss",
            "nlp.softmax_z_loss",
            "nlp.simcse",
            "nlp.sentence_order");
    losses.forEach(
        (key, f) -> {
          assertThat(f.descriptor().key()).isEqualTo(key);
          assertThat(f.descriptor().paper()).isNotBlank();
          assertThat(f.descriptor().summary()).isNotBlank();
        });
    assertThat(losses.get("nlp.rei_lm").descriptor().defaultWeight()).isEqualTo(0.1);
    assertThat(losses.get("nlp.mtp").descriptor().defaultWeight()).isEqualTo(0.3);
    assertThat(losses.get("nlp.switch_load_balance").descriptor().defaultWeight()).isEqualTo(1e-2);
    assertThat(losses.get("nlp.router_z_loss").descriptor().defaultWeight()).isEqualTo(1e-3);
    assertThat(losses.get("nlp.softmax_z_loss").descriptor().defaultWeight()).isEqualTo(1e-4);
    assertThat(losses.get("nlp.cross_entropy").descriptor().defaultRole()).isEqualTo(Role.PRIMARY);
    assertThat(losses.get("nlp.switch_load_balance").descriptor().defaultRole())
        .isEqualTo(Role.REGULARIZER);
    assertThat(losses.get("nlp.electra_rtd").descriptor().params()).contains(ElectraRtdLoss.LAMBDA);
    assertThat(ElectraRtdLoss.LAMBDA.defaultValue()).isEqualTo(50.0);
    // full titles, so a reader can find the paper each default comes from
    assertThat(losses.get("nlp.next_token").descriptor().paper())
        .contains(
            "Radford et al. 2018", "Improving Language Understanding by Generative Pre-Training");
    assertThat(losses.get("nlp.mlm").descriptor().paper())
        .contains(
            "Devlin et al. 2019",
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
            "NAACL");
    assertThat(losses.get("nlp.electra_rtd").descriptor().paper())
        .contains(
            "Clark et al. 2020",
            "ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators",
            "ICLR");
    assertThat(losses.get("nlp.tagging_cross_entropy").descriptor().paper())
        .contains("Rei 2017", "Semi-supervised Multitask Learning for Sequence Labeling");
  }

  @Test
  void contributesTheModelsAndDatasets() {
    assertThat(map(ModelFactory.class))
        .containsOnlyKeys("text-lm", "text-tagger", "transformer-encoder");
    assertThat(map(DatasetFactory.class))
        .containsOnlyKeys(
            "fortunes", "fortunes-punct", "synthetic-text", "text-classification", "conll");
  }

  /** The loss class each key must create. */
  private static final Map<String, Class<?>> CLASSES =
      Map.ofEntries(
          Map.entry("nlp.cross_entropy", SequenceCrossEntropyLoss.class),
          Map.entry("nlp.tagging_cross_entropy", TaggingCrossEntropyLoss.class),
          Map.entry("nlp.next_token", NextTokenLoss.class),
          Map.entry("nlp.rei_lm", ReiLmLoss.class),
          Map.entry("nlp.mlm", MaskedLmLoss.class),
          Map.entry("nlp.electra_rtd", ElectraRtdLoss.class),
          Map.entry("nlp.mtp", MultiTokenPredictionLoss.class),
          Map.entry("nlp.switch_load_balance", SwitchLoadBalanceLoss.class),
          Map.entry("nlp.router_z_loss", RouterZLoss.class),
          Map.entry("nlp.softmax_z_loss", SoftmaxZLoss.class),
          Map.entry("nlp.simcse", SimCseLoss.class),
          Map.entry("nlp.sentence_order", SentenceOrderLoss.class));

  @Test
  void everyFactoryAcceptsItsOwnDocumentedDefaults() {
    assertThat(CLASSES.keySet()).isEqualTo(map(LossFactory.class).keySet());
    map(LossFactory.class)
        .forEach(
            (key, f) -> {
              AuxLoss fromNothing = f.create(Params.parse(f.descriptor().params(), Map.of()));
              AuxLoss fromDefaults =
                  f.create(
                      Params.parse(f.descriptor().params(), asValues(f.descriptor().params())));
              assertThat(fromNothing).as(key).isExactlyInstanceOf(CLASSES.get(key));
              // the losses are records of their config: equal means the documented defaults are the
              // real ones
              assertThat(fromDefaults).as(key).isEqualTo(fromNothing);
              assertThat(config(fromNothing))
                  .as(key)
                  .isEqualTo(defaults(config(fromNothing).getClass()));
            });
    map(ModelFactory.class)
        .forEach(
            (key, f) -> {
              Map<String, ParamValue> model = asValues(f.descriptor().params());
              model.put("vocab_size", new ParamValue.Number(100));
              // every parameter the factory reads is declared (reading an undeclared one fails
              // after parse)
              ModelFn fn = f.create(Params.parse(f.descriptor().params(), model));
              assertThat(fn).as(key).isNotNull();
            });
    ModelFn lm =
        TextLmModel.FACTORY.create(
            Params.parse(
                TextLmModel.FACTORY.descriptor().params(),
                Map.of("vocab_size", new ParamValue.Number(100))));
    assertThat(((TextLmModel) lm).config())
        .isEqualTo(
            ((TextLmModel) TextLmModel.FACTORY.create(Params.of("vocab_size", 100))).config());
    assertThat(((TextLmModel) lm).config().vocabSize()).isEqualTo(100);
    DatasetFactory synthetic = map(DatasetFactory.class).get("synthetic-text");
    Map<String, ParamValue> data = asValues(synthetic.descriptor().params());
    data.put("examples", new ParamValue.Number(50));
    assertThat(
            synthetic.create(Params.parse(synthetic.descriptor().params(), data)).size(Split.TRAIN))
        .isPositive();
  }

  @Test
  void everyRegisteredFactoryRejectsAMisspeltParameterNamingTheOneMeant() {
    Map<String, List<Param<?>>> declared = new TreeMap<>();
    map(LossFactory.class).forEach((k, f) -> declared.put("loss " + k, f.descriptor().params()));
    map(ModelFactory.class).forEach((k, f) -> declared.put("model " + k, f.descriptor().params()));
    map(DatasetFactory.class)
        .forEach((k, f) -> declared.put("dataset " + k, f.descriptor().params()));
    assertThat(declared).hasSize(12 + 3 + 5);
    declared.forEach(
        (plugin, params) -> {
          assertThat(params).as(plugin).isNotEmpty();
          for (Param<?> p : params) {
            String typo = p.name() + "x";
            List<String> known = params.stream().map(Param::name).sorted().toList();
            assertThatThrownBy(() -> Params.parse(params, Map.of(typo, new ParamValue.Text("v"))))
                .as(plugin + " " + typo)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                    typo
                        + ": unknown parameter '"
                        + typo
                        + "'; did you mean '"
                        + p.name()
                        + "'? known parameters: "
                        + known);
          }
        });
  }

  /** A record loss's only component, its config. */
  private static Object config(AuxLoss loss) {
    try {
      var components = loss.getClass().getRecordComponents();
      assertThat(components).as(loss.getClass().getSimpleName()).hasSize(1);
      return components[0].getAccessor().invoke(loss);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The public static {@code DEFAULTS} of a config record. */
  private static Object defaults(Class<?> configType) {
    try {
      return configType.getField("DEFAULTS").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(configType + " has no DEFAULTS", e);
    }
  }

  /** The declared defaults as typed config values, as a config file would write them. */
  private static Map<String, ParamValue> asValues(List<Param<?>> params) {
    Map<String, ParamValue> m = new LinkedHashMap<>();
    for (Param<?> p : params) {
      Object d = p.defaultValue();
      if (d == null) continue; // required: no default to write
      m.put(
          p.name(),
          switch (p.type()) {
            case NUMBER, INTEGER -> new ParamValue.Number(((Number) d).doubleValue());
            case FLAG -> new ParamValue.Flag((Boolean) d);
            case LIST ->
                new ParamValue.Numbers(
                    ((List<?>) d).stream().map(x -> ((Number) x).doubleValue()).toList());
            case TEXT -> new ParamValue.Text((String) d);
          });
    }
    return m;
  }

  @Test
  void aDuplicateKeyFromAnotherModuleIsGuicesDuplicateKeyError() {
    Module mine =
        new AbstractModule() {
          @Override
          protected void configure() {
            // a different factory under a taken key (an equal instance would be deduplicated by
            // Guice)
            AuxLosses.contribute(
                binder(),
                LossFactory.of(
                    LossDescriptor.builder("nlp.mlm").summary("another mlm").build(), p -> null));
          }
        };
    assertThatThrownBy(() -> Guice.createInjector(new NlpLossesModule(), mine))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining(
            "[Guice/DuplicateMapKey]: Duplicate key \"nlp.mlm\" found in Map<String, LossFactory>.")
        .hasMessageContaining("1 : NlpLossesModule.configure(NlpLossesModule.java:")
        .hasMessageContaining("2 : NlpLossesModuleTest$1.configure(NlpLossesModuleTest.java:");
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(AuxlossPlugin.class).stream().map(p -> p.type().getName()))
        .contains(NlpLossesModule.class.getName());
  }

  @Test
  void configureOnlyBinds() {
    // creating the injector reads no file: it works with no corpus and never touches the fortunes
    // dir;
    // what it binds are the factories themselves, described as their classes describe them
    Injector fresh = Guice.createInjector(new NlpLossesModule());
    Map<String, LossFactory> losses =
        fresh.getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
    assertThat(losses.get(MaskedLmLoss.KEY).descriptor())
        .isEqualTo(MaskedLmLoss.FACTORY.descriptor());
    assertThat(losses.get(ElectraRtdLoss.KEY).descriptor())
        .isEqualTo(ElectraRtdLoss.FACTORY.descriptor());
    assertThat(losses.get(MultiTokenPredictionLoss.KEY).descriptor())
        .isEqualTo(MultiTokenPredictionLoss.FACTORY.descriptor());
    Map<String, DatasetFactory> data =
        fresh.getInstance(Key.get(new TypeLiteral<Map<String, DatasetFactory>>() {}));
    assertThat(data.get("fortunes")).isExactlyInstanceOf(FortunesDatasetFactory.class);
    assertThat(data.get("synthetic-text")).isSameAs(SyntheticTextDatasetFactory.FACTORY);
  }
}
