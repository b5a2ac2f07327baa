package dev.auxloss.api.params;

import java.util.List;
import java.util.Objects;

/**
 * What a model, dataset, strategy or metric is: the key it is contributed and configured under, a
 * line on what it does, the paper its defaults follow and every parameter. {@code auxloss list-*}
 * prints it; the framework checks a config's {@code param} entries against {@link #params()}.
 *
 * <pre>{@code
 * Descriptor.builder("cnn-ds").summary("CNN with deep-supervision endpoints").params(WIDTH, DEPTH).build();
 * }</pre>
 *
 * @param key the name configs use ({@code cnn-ds}, {@code pcgrad})
 * @param summary one line on what it computes
 * @param paper the citation its defaults come from; empty when there is none
 * @param params every parameter, with its default and rules
 */
public record Descriptor(String key, String summary, String paper, List<Param<?>> params) {
  public Descriptor {
    Objects.requireNonNull(key, "key");
    summary = summary == null ? "" : summary;
    paper = paper == null ? "" : paper;
    params = List.copyOf(params);
  }

  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** Fills a {@link Descriptor}; only the key is required. */
  public static final class Builder {
    private final String key;
    private String summary = "";
    private String paper = "";
    private List<Param<?>> params = List.of();

    private Builder(String key) {
      this.key = key;
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

    public Descriptor build() {
      return new Descriptor(key, summary, paper, params);
    }
  }
}
