package dev.auxloss.nlp;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxlossPlugin;
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
import dev.auxloss.nlp.model.TextLmModelFactory;
import dev.auxloss.nlp.model.TextTaggerModelFactory;

/**
 * Contributes the NLP losses, models and datasets. It only binds: no I/O happens until a factory is
 * asked to create something. Found as an {@link AuxlossPlugin} ({@code META-INF/services}) or installed
 * explicitly:
 *
 * <pre>{@code
 * Injector i = Guice.createInjector(new NlpLossesModule());
 * Map<String, LossFactory> losses = i.getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
 * losses.get("nlp.mlm").descriptor().defaultWeight();  // 1.0
 * }</pre>
 */
public final class NlpLossesModule extends AbstractModule implements AuxlossPlugin {
  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), SequenceCrossEntropyLoss.KEY).toInstance(SequenceCrossEntropyLoss.factory());
    AuxLosses.contribute(binder(), TaggingCrossEntropyLoss.KEY).toInstance(TaggingCrossEntropyLoss.factory());
    AuxLosses.contribute(binder(), NextTokenLoss.KEY).toInstance(NextTokenLoss.factory());
    AuxLosses.contribute(binder(), ReiLmLoss.KEY).toInstance(ReiLmLoss.factory());
    AuxLosses.contribute(binder(), MaskedLmLoss.KEY).toInstance(MaskedLmLoss.factory());
    AuxLosses.contribute(binder(), ElectraRtdLoss.KEY).toInstance(ElectraRtdLoss.factory());
    AuxLosses.contribute(binder(), MultiTokenPredictionLoss.KEY).toInstance(MultiTokenPredictionLoss.factory());
    AuxLosses.contribute(binder(), SwitchLoadBalanceLoss.KEY).toInstance(SwitchLoadBalanceLoss.factory());
    AuxLosses.contribute(binder(), RouterZLoss.KEY).toInstance(RouterZLoss.factory());
    AuxLosses.contribute(binder(), SoftmaxZLoss.KEY).toInstance(SoftmaxZLoss.factory());
    AuxLosses.contribute(binder(), SimCseLoss.KEY).toInstance(SimCseLoss.factory());
    AuxLosses.contribute(binder(), SentenceOrderLoss.KEY).toInstance(SentenceOrderLoss.factory());

    AuxModels.contribute(binder(), "text-lm").toInstance(new TextLmModelFactory());
    AuxModels.contribute(binder(), "text-tagger").toInstance(new TextTaggerModelFactory());

    AuxDatasets.contribute(binder(), "fortunes").toInstance(FortunesDatasetFactory.classification());
    AuxDatasets.contribute(binder(), "fortunes-punct").toInstance(FortunesDatasetFactory.punctuation());
    AuxDatasets.contribute(binder(), "synthetic-text").toInstance(new SyntheticTextDatasetFactory());
  }
}
