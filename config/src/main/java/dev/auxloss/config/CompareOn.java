package dev.auxloss.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where gradients are compared ({@code weighting.compare_on}), parsed once by the resolver: {@code
 * shared} (the variables two or more terms reach), {@code all}, {@code group:<variable name
 * prefix>} or {@code endpoint:<endpoint name>} (at that representation). Example: {@code
 * parse("group:model/head/")} is {@code Group("model/head/")}; {@code parse("head")} is empty.
 */
public sealed interface CompareOn {
  CompareOn SHARED = new Shared();
  CompareOn ALL = new All();

  /** As the config writes it: {@code shared}, {@code endpoint:block1/features}... */
  String text();

  /** The form, or empty when {@code text} is none of the four. */
  static Optional<CompareOn> parse(String text) {
    if (text.equals(SHARED.text())) return Optional.of(SHARED);
    if (text.equals(ALL.text())) return Optional.of(ALL);
    int colon = text.indexOf(':');
    String rest = text.substring(colon + 1);
    if (colon < 0 || !rest.matches(".+")) return Optional.empty();
    return switch (text.substring(0, colon)) {
      case Group.FORM -> Optional.of(new Group(rest));
      case Endpoint.FORM -> Optional.of(new Endpoint(rest));
      default -> Optional.empty();
    };
  }

  record Shared() implements CompareOn {
    @Override
    public String text() {
      return "shared";
    }
  }

  record All() implements CompareOn {
    @Override
    public String text() {
      return "all";
    }
  }

  /** The trainable variables whose name starts with {@code prefix}. */
  record Group(String prefix) implements CompareOn {
    static final String FORM = "group";

    public Group {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String text() {
      return FORM + ":" + prefix;
    }
  }

  /** Gradients at the endpoint {@code name} the model publishes (representation mode). */
  record Endpoint(String name) implements CompareOn {
    static final String FORM = "endpoint";

    public Endpoint {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String text() {
      return FORM + ":" + name;
    }
  }
}
