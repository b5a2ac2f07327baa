package dev.auxloss.vision.models;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@link ModelFactory} of every reference vision model: a summary, the parameters (built from the
 * model record's constants) and a reader that validates them, calls {@link Params#check(List)} and
 * makes the model.
 */
public record VisionModelFactory(String summary, List<ParamSpec> params, Function<Params, ? extends ModelFn> reader)
    implements ModelFactory {
  public VisionModelFactory {
    Objects.requireNonNull(summary, "summary");
    params = List.copyOf(params);
    Objects.requireNonNull(reader, "reader");
  }

  @Override
  public ModelFn create(Params p) {
    return reader.apply(p);
  }
}
