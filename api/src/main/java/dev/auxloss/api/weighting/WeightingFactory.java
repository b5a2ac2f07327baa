package dev.auxloss.api.weighting;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import java.util.List;

/** Makes a {@link WeightingStrategy} from config parameters; registered by key with {@code AuxWeightings}. */
public interface WeightingFactory {
  String summary();

  /** The paper its defaults come from. */
  String paper();

  List<ParamSpec> params();

  WeightingStrategy create(Params params);
}
