package dev.auxloss.vision.losses;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.params.Params;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one {@link LossFactory} shape every vision loss uses: a descriptor built from the loss's
 * constants and a reader that turns {@link Params} into the loss record.
 *
 * <p>The reader reads every parameter (problems are collected, never thrown) and calls {@link
 * Params#check(java.util.List)} before it constructs the record, so a config with three mistakes
 * gets all three in one {@link dev.auxloss.api.params.ConfigException}, unknown parameters included.
 *
 * <pre>{@code
 * LossFactory f = CrossEntropyLoss.FACTORY;
 * AuxLoss ce = f.create(Params.of("label_smoothing", 0.1));
 * }</pre>
 *
 * @param descriptor key, role, default weight, paper and parameters
 * @param reader validates the parameters and makes the loss
 */
public record VisionLossFactory(LossDescriptor descriptor, Function<Params, ? extends AuxLoss> reader)
    implements LossFactory {
  public VisionLossFactory {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(reader, "reader");
  }

  @Override
  public AuxLoss create(Params params) {
    return reader.apply(params);
  }
}
