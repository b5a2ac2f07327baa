package dev.auxloss.cli;

import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.config.Registry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The catalog commands. Everything printed comes from the registered factories' own descriptors
 * ({@link LossDescriptor}, {@code params()}), so it cannot drift from what config validation
 * checks.
 *
 * <pre>
 * $ auxloss list-losses
 * vision.aux_classifier  auxiliary, default weight 0.3
 *     GoogLeNet auxiliary classifier: ...
 *     paper: Szegedy et al. 2014 ...
 *     param endpoint (text) = block1/features   the endpoint the head reads
 * </pre>
 */
final class ListCommands {
  private ListCommands() {}

  /** Shared: the {@code --plugin} option and the registry it builds. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--plugin",
        paramLabel = "<class>",
        description = "Also load this Guice module class from the classpath (repeatable).")
    List<String> plugins = new ArrayList<>();

    @Override
    public Integer call() {
      Registry r = Experiments.registry(plugins);
      PrintWriter out = spec.commandLine().getOut();
      print(r, out);
      out.flush();
      return ExitCodes.OK;
    }

    abstract void print(Registry r, PrintWriter out);
  }

  @Command(
      name = "list-losses",
      mixinStandardHelpOptions = true,
      description = "Registered losses: key, default role and weight, summary, paper, parameters.")
  static final class Losses extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.losses().isEmpty())
        out.println("(no losses registered: is losses-vision or losses-nlp on the classpath?)");
      r.losses()
          .forEach(
              (key, f) -> {
                LossDescriptor d = f.descriptor();
                out.println(
                    key
                        + "  "
                        + d.defaultRole().name().toLowerCase(Locale.ROOT)
                        + ", default weight "
                        + d.defaultWeight());
                details(out, d.descriptor());
              });
    }
  }

  @Command(
      name = "list-models",
      mixinStandardHelpOptions = true,
      description = "Registered models and their parameters.")
  static final class Models extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.models().isEmpty()) out.println("(no models registered)");
      r.models()
          .forEach(
              (key, f) -> {
                out.println(key);
                details(out, f.descriptor());
              });
    }
  }

  @Command(
      name = "list-datasets",
      mixinStandardHelpOptions = true,
      description = "Registered datasets and their parameters.")
  static final class Datasets extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.datasets().isEmpty()) out.println("(no datasets registered)");
      r.datasets()
          .forEach(
              (key, f) -> {
                out.println(key);
                details(out, f.descriptor());
              });
    }
  }

  @Command(
      name = "list-strategies",
      mixinStandardHelpOptions = true,
      description =
          "Registered weighting strategies, the papers their defaults come from, parameters.")
  static final class Strategies extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.strategies().isEmpty()) out.println("(no weighting strategies registered)");
      r.strategies()
          .forEach(
              (key, f) -> {
                out.println(key);
                details(out, f.descriptor());
              });
    }
  }

  @Command(
      name = "list-metrics",
      mixinStandardHelpOptions = true,
      description =
          "Registered evaluation metrics (name them in training.metric), their papers and parameters.")
  static final class Metrics extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.metrics().isEmpty())
        out.println("(no metrics registered: is losses-vision or losses-nlp on the classpath?)");
      r.metrics()
          .forEach(
              (key, f) -> {
                out.println(key);
                details(out, f.descriptor());
              });
    }
  }

  /** Summary, paper, and a line per parameter: name, type, default, doc, choices and rules. */
  static void details(PrintWriter out, Descriptor d) {
    if (!d.summary().isBlank()) out.println("    " + d.summary());
    if (!d.paper().isBlank()) out.println("    paper: " + d.paper());
    List<String> heads =
        d.params().stream()
            .map(
                p ->
                    p.name()
                        + " ("
                        + p.type()
                        + ") = "
                        + (p.defaultText().isEmpty() ? "(empty)" : p.defaultText()))
            .toList();
    int width = heads.stream().mapToInt(String::length).max().orElse(0) + 3;
    for (int i = 0; i < heads.size(); i++) {
      String about = about(d.params().get(i));
      String head = heads.get(i);
      out.println(
          "    param "
              + (about.isBlank() ? head : head + " ".repeat(width - head.length()) + about));
    }
  }

  private static String about(Param<?> p) {
    List<String> rules = new java.util.ArrayList<>(p.ruleTexts());
    if (!p.choices().isEmpty()) rules.add(0, "one of " + String.join(", ", p.choices()));
    return rules.isEmpty() ? p.doc() : (p.doc() + " [" + String.join("; ", rules) + "]").strip();
  }
}
