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
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.MultiTokenPredictionLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NlpLossesModuleTest {
  private static final Injector INJECTOR = Guice.createInjector(new NlpLossesModule());

  private static <T> Map<String, T> map(Class<T> type) {
    @SuppressWarnings("unchecked")
    TypeLiteral<Map<String, T>> lit = (TypeLiteral<Map<String, T>>)
        TypeLiteral.get(com.google.inject.util.Types.mapOf(String.class, type));
    return INJECTOR.getInstance(Key.get(lit));
  }

  @Test
  void contributesEveryLossUnderItsKeyWithPaperDefaults() {
    Map<String, LossFactory> losses = map(LossFactory.class);
    assertThat(losses).containsOnlyKeys("nlp.cross_entropy", "nlp.tagging_cross_entropy", "nlp.next_token",
        "nlp.rei_lm", "nlp.mlm", "nlp.electra_rtd", "nlp.mtp", "nlp.switch_load_balance", "nlp.router_z_loss",
        "nlp.softmax_z_loss", "nlp.simcse", "nlp.sentence_order");
    losses.forEach((key, f) -> {
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
    assertThat(losses.get("nlp.switch_load_balance").descriptor().defaultRole()).isEqualTo(Role.REGULARIZER);
    assertThat(losses.get("nlp.electra_rtd").descriptor().params()).contains(ParamSpec.number("lambda", 50.0,
        "weight of the discriminator loss"));
  }

  @Test
  void contributesTheModelsAndDatasets() {
    assertThat(map(ModelFactory.class)).containsOnlyKeys("text-lm", "text-tagger");
    assertThat(map(DatasetFactory.class)).containsOnlyKeys("fortunes", "fortunes-punct", "synthetic-text");
  }

  @Test
  void everyFactoryAcceptsItsOwnDocumentedDefaults() {
    map(LossFactory.class).forEach((key, f) -> {
      assertThat(f.create(Params.empty())).as(key).isNotNull();
      assertThat(f.create(new Params(asValues(f.descriptor().params())))).as(key).isNotNull();
    });
    Map<String, ParamValue> model = asValues(map(ModelFactory.class).get("text-lm").params());
    model.put("vocab_size", new ParamValue.Number(100));
    assertThat(map(ModelFactory.class).get("text-lm").create(new Params(model))).isNotNull();
  }

  /** The specs' defaults as typed config values, as a config file would write them. */
  private static Map<String, ParamValue> asValues(List<ParamSpec> specs) {
    Map<String, ParamValue> m = new LinkedHashMap<>();
    for (ParamSpec s : specs) {
      switch (s.type()) {
        case "number", "integer" -> m.put(s.name(), new ParamValue.Number(Double.parseDouble(s.defaultValue())));
        case "flag" -> m.put(s.name(), new ParamValue.Flag(Boolean.parseBoolean(s.defaultValue())));
        case "list" -> m.put(s.name(), new ParamValue.Numbers(List.of()));
        default -> m.put(s.name(), new ParamValue.Text(s.defaultValue()));
      }
    }
    return m;
  }

  @Test
  void aDuplicateKeyFromAnotherModuleIsGuicesDuplicateKeyError() {
    Module mine = new AbstractModule() {
      @Override
      protected void configure() {
        // a different factory under a taken key (an equal instance would be deduplicated by Guice)
        AuxLosses.contribute(binder(), "nlp.mlm").toInstance(MultiTokenPredictionLoss.factory());
      }
    };
    assertThatThrownBy(() -> Guice.createInjector(new NlpLossesModule(), mine))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("[Guice/DuplicateMapKey]: Duplicate key \"nlp.mlm\" found in Map<String, LossFactory>.")
        .hasMessageContaining("1 : NlpLossesModule.configure(NlpLossesModule.java:")
        .hasMessageContaining("2 : NlpLossesModuleTest$1.configure(NlpLossesModuleTest.java:");
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(Module.class).stream().map(p -> p.type().getName()))
        .contains(NlpLossesModule.class.getName());
  }

  @Test
  void configureOnlyBinds() {
    // creating the injector reads no file: it works with no corpus and never touches the fortunes dir
    assertThat(Guice.createInjector(new NlpLossesModule())).isNotNull();
  }
}
