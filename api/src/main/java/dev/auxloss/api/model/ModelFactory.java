package dev.auxloss.api.model;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import java.util.List;

/** Makes a {@link ModelFn} from config parameters; registered by name with {@code AuxModels}. */
public interface ModelFactory {
  String summary();

  List<ParamSpec> params();

  /** Validates {@code params} (all errors at once) and returns the model. */
  ModelFn create(Params params);
}
