package dev.auxloss.api.data;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import java.util.List;

/**
 * Makes a {@link Dataset} from config parameters; registered by name with {@code AuxDatasets}.
 * Missing or malformed files are {@link dev.auxloss.api.params.ConfigException}s naming the file.
 */
public interface DatasetFactory {
  String summary();

  List<ParamSpec> params();

  Dataset create(Params params);
}
