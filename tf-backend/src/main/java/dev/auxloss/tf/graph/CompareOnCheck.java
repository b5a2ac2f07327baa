package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.config.CompareOn;
import java.util.List;
import java.util.TreeSet;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What {@code weighting.compare_on} names must exist once the model is built: an endpoint the model
 * publishes (float32, gradients are taken at it), or a variable-name prefix some trainable variable
 * has (a prefix matching nothing would compare no gradients at all: static weighting, silently).
 * The form itself ({@code shared|all|group:..|endpoint:..}) is parsed with the config.
 */
final class CompareOnCheck {
  static final String FIELD = "weighting.compare_on";

  private CompareOnCheck() {}

  static void check(
      CompareOn compareOn, List<Var> trainable, Endpoints endpoints, List<ConfigError> errors) {
    String found = " (found '" + compareOn.text() + "')";
    if (compareOn instanceof CompareOn.Endpoint endpoint) {
      String name = endpoint.name();
      Operand<?> rep = endpoints.asMap().get(name);
      if (rep == null) {
        errors.add(
            ConfigError.of(
                FIELD,
                "no endpoint named '" + name + "'" + found + "; endpoints: " + endpoints.names()));
      } else if (rep.type() != TFloat32.class) {
        errors.add(
            ConfigError.of(
                FIELD,
                "endpoint '"
                    + name
                    + "' is "
                    + rep.type().getSimpleName()
                    + "; gradients are compared at a TFloat32 endpoint"
                    + found));
      }
    } else if (compareOn instanceof CompareOn.Group group) {
      String prefix = group.prefix();
      if (trainable.stream().noneMatch(v -> v.name().startsWith(prefix))) {
        errors.add(
            ConfigError.of(
                FIELD,
                "no trainable variable name starts with '"
                    + prefix
                    + "'"
                    + found
                    + "; variable groups: "
                    + groups(trainable)));
      }
    }
  }

  /** The variables' names cut after their second '/': "model/block1/", "model/head/"... */
  private static TreeSet<String> groups(List<Var> vars) {
    TreeSet<String> out = new TreeSet<>();
    for (Var v : vars) {
      int first = v.name().indexOf('/');
      int second = first < 0 ? -1 : v.name().indexOf('/', first + 1);
      out.add(second < 0 ? v.name() : v.name().substring(0, second + 1));
    }
    return out;
  }
}
