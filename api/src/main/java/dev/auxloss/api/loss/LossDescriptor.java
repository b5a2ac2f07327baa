package dev.auxloss.api.loss;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import java.util.List;
import java.util.Objects;

/**
 * What {@code auxloss list-losses} prints and config validation checks against: a loss's {@link
 * Descriptor} plus the role and weight a config gets when it names none.
 *
 * <pre>{@code
 * LossDescriptor.builder("my.activation_l2").role(Role.REGULARIZER).weight(1e-4)
 *     .summary("mean squared activation of an endpoint").paper("Merity et al. 2017 (AR)")
 *     .params(ENDPOINT).build();
 * }</pre>
 *
 * @param key dotted lower-case key, for example {@code vision.aux_classifier}
 * @param defaultRole the role used when the config names none
 * @param defaultWeight the paper's weight, used when the config names none
 * @param summary one line on what it computes
 * @param paper the citation the defaults come from
 * @param params every parameter with its default
 */
public record LossDescriptor(
    String key,
    Role defaultRole,
    double defaultWeight,
    String summary,
    String paper,
    List<Param<?>> params) {
  public LossDescriptor {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(defaultRole, "defaultRole");
    if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
      throw new IllegalArgumentException(
          "loss key must be dotted lower case like 'vision.aux_classifier', found '" + key + "'");
    }
    if (!(defaultWeight >= 0)) {
      throw new IllegalArgumentException(
          "default weight must be >= 0, found " + defaultWeight + " (loss " + key + ")");
    }
    summary = summary == null ? "" : summary;
    paper = paper == null ? "" : paper;
    params = List.copyOf(params);
  }

  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** The key, summary, paper and params, as every other plugin describes itself. */
  public Descriptor descriptor() {
    return new Descriptor(key, summary, paper, params);
  }

  /** Fills a {@link LossDescriptor}; role AUXILIARY and weight 1 unless set. */
  public static final class Builder {
    private final String key;
    private Role role = Role.AUXILIARY;
    private double weight = 1;
    private String summary = "";
    private String paper = "";
    private List<Param<?>> params = List.of();

    private Builder(String key) {
      this.key = key;
    }

    public Builder role(Role role) {
      this.role = role;
      return this;
    }

    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder paper(String paper) {
      this.paper = paper;
      return this;
    }

    public Builder params(Param<?>... params) {
      return params(List.of(params));
    }

    public Builder params(List<? extends Param<?>> params) {
      this.params = List.copyOf(params);
      return this;
    }

    public LossDescriptor build() {
      return new LossDescriptor(key, role, weight, summary, paper, params);
    }
  }
}
