package dev.auxloss.cli;

import com.google.inject.AbstractModule;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxWeightings;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.weighting.WeightingFactory;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Plugins with the mistakes plugin authors make, named in configs as {@code plugin_module:
 * "dev.auxloss.cli.BadPlugins$X"} by the bad-input table ({@link BadInputErrorCases}).
 */
public final class BadPlugins {
  private BadPlugins() {}

  /**
   * Losses returning the wrong kind of tensor: {@code clitest.int32_loss}, {@code float64_loss},
   * {@code vector_loss}.
   */
  public static final class WrongLossTypes extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), loss("clitest.int32_loss", tf -> tf.constant(3)));
      AuxLosses.contribute(binder(), loss("clitest.float64_loss", tf -> tf.constant(0.5)));
      AuxLosses.contribute(
          binder(), loss("clitest.vector_loss", tf -> tf.constant(new float[] {0.5f, 0.25f})));
    }
  }

  /** A module whose configure() fails, as one reading a missing licence file would. */
  public static final class ThrowingConfigure extends AbstractModule {
    @Override
    protected void configure() {
      throw new IllegalStateException("licence file /opt/plugin/licence.txt not found");
    }
  }

  /** A module Guice cannot instantiate from its class name. */
  public static final class NoDefaultConstructor extends AbstractModule {
    public NoDefaultConstructor(String setting) {}
  }

  /** Re-contributes keys the bundled modules own: a loss, a model, a dataset and a strategy. */
  public static final class DuplicateKeys extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), loss("vision.cross_entropy", tf -> tf.constant(1f)));
      AuxModels.contribute(
          binder(),
          ModelFactory.of(
              Descriptor.builder("cnn-ds").summary("a copy").build(),
              p -> {
                throw new UnsupportedOperationException();
              }));
      AuxDatasets.contribute(
          binder(),
          DatasetFactory.of(
              Descriptor.builder("synthetic-images").summary("a copy").build(),
              p -> {
                throw new UnsupportedOperationException();
              }));
      AuxWeightings.contribute(
          binder(),
          WeightingFactory.of(
              Descriptor.builder("static").summary("a copy").build(),
              p -> {
                throw new UnsupportedOperationException();
              }));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static LossFactory loss(String key, java.util.function.Function<Ops, Operand<?>> value) {
    // What a raw-typed or Kotlin plugin can return: the compiler does not stop it.
    return LossFactory.of(
        LossDescriptor.builder(key).weight(0.1).summary("a plugin's mistake").build(),
        p -> ctx -> (Operand<TFloat32>) (Operand) value.apply(ctx.tf()));
  }
}
