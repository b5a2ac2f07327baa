package dev.auxloss.nlp.loss.internal;

import dev.auxloss.api.params.Param;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Parameter shapes the NLP losses, models and datasets share, each rule written once here and
 * declared once per parameter by the class that owns it.
 *
 * <pre>{@code
 * public static final Param<String> LOGITS = NlpParams.name("logits", "lm/logits", "LM logits endpoint");
 * public static final Param<Double> MASK_PROB = NlpParams.probability("mask_prob", 0.15, "share selected");
 * }</pre>
 */
public final class NlpParams {
  private NlpParams() {}

  /** An endpoint, field or input name: a text that must not be blank. */
  public static Param<String> name(String name, String defaultValue, String doc) {
    return Param.text(name, defaultValue, doc).nonBlank();
  }

  /** A share in [0, 1]. */
  public static Param<Double> share(String name, double defaultValue, String doc) {
    return Param.number(name, defaultValue, doc).check(x -> x >= 0 && x <= 1, "must be in [0, 1]");
  }

  /** A probability that selects something: in (0, 1]. */
  public static Param<Double> probability(String name, double defaultValue, String doc) {
    return Param.number(name, defaultValue, doc).check(x -> x > 0 && x <= 1, "must be in (0, 1]");
  }

  /**
   * A comma-separated list of names ({@code "computers, science"}): at least one {@code noun}, none
   * twice. {@link #names} splits it.
   */
  public static Param<String> nameList(String name, String defaultValue, String doc, String noun) {
    return Param.text(name, defaultValue, doc)
        .check(v -> !names(v).isEmpty(), "must name at least one " + noun)
        .check(
            v -> new HashSet<>(names(v)).size() == names(v).size(),
            "must not name a " + noun + " twice");
  }

  /** The names of a {@link #nameList}, in order, blanks dropped. */
  public static List<String> names(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
  }
}
