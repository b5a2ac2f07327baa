package dev.auxloss.nlp;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxMetrics;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.nlp.data.ConllDatasetFactory;
import dev.auxloss.nlp.data.FortunesDatasetFactory;
import dev.auxloss.nlp.data.SyntheticTextDatasetFactory;
import dev.auxloss.nlp.data.TextClassificationDatasetFactory;
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
import dev.auxloss.nlp.metric.NlpMetrics;
import dev.auxloss.nlp.model.TextLmModel;
import dev.auxloss.nlp.model.TextTaggerModel;
import dev.auxloss.nlp.model.TransformerEncoderModel;

/**
 * Contributes the NLP losses, models, datasets and metrics. It only binds: no I/O happens until a
 * factory is asked to create something. Found as an {@link AuxlossPlugin} ({@code
 * META-INF/services}) or installed explicitly:
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
    AuxLosses.contribute(binder(), SequenceCrossEntropyLoss.FACTORY);
    AuxLosses.contribute(binder(), TaggingCrossEntropyLoss.FACTORY);
    AuxLosses.contribute(binder(), NextTokenLoss.FACTORY);
    AuxLosses.contribute(binder(), ReiLmLoss.FACTORY);
    AuxLosses.contribute(binder(), MaskedLmLoss.FACTORY);
    AuxLosses.contribute(binder(), ElectraRtdLoss.FACTORY);
    AuxLosses.contribute(binder(), MultiTokenPredictionLoss.FACTORY);
    AuxLosses.contribute(binder(), SwitchLoadBalanceLoss.FACTORY);
    AuxLosses.contribute(binder(), RouterZLoss.FACTORY);
    AuxLosses.contribute(binder(), SoftmaxZLoss.FACTORY);
    AuxLosses.contribute(binder(), SimCseLoss.FACTORY);
    AuxLosses.contribute(binder(), SentenceOrderLoss.FACTORY);

    AuxModels.contribute(binder(), TextLmModel.FACTORY);
    AuxModels.contribute(binder(), TextTaggerModel.FACTORY);
    AuxModels.contribute(binder(), TransformerEncoderModel.FACTORY);

    AuxDatasets.contribute(binder(), FortunesDatasetFactory.classification());
    AuxDatasets.contribute(binder(), FortunesDatasetFactory.punctuation());
    AuxDatasets.contribute(binder(), SyntheticTextDatasetFactory.FACTORY);
    AuxDatasets.contribute(binder(), TextClassificationDatasetFactory.FACTORY);
    AuxDatasets.contribute(binder(), ConllDatasetFactory.FACTORY);

    AuxMetrics.contribute(binder(), NlpMetrics.ACCURACY);
    AuxMetrics.contribute(binder(), NlpMetrics.TOKEN_ACCURACY);
    AuxMetrics.contribute(binder(), NlpMetrics.TAG_MACRO_F1);
    AuxMetrics.contribute(binder(), NlpMetrics.SPAN_F1);
  }
}
