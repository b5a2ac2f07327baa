package dev.auxloss.cli;

import dev.auxloss.config.Registry;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.ParamSpec;
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
 * ({@link LossDescriptor}, {@code params()}), so it cannot drift from what config validation checks.
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

    @Option(names = "--plugin", paramLabel = "<class>",
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

  @Command(name = "list-losses", mixinStandardHelpOptions = true,
      description = "Registered losses: key, default role and weight, summary, paper, parameters.")
  static final class Losses extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.losses().isEmpty()) out.println("(no losses registered: is losses-vision or losses-nlp on the classpath?)");
      r.losses().forEach((key, f) -> {
        LossDescriptor d = f.descriptor();
        out.println(key + "  " + d.defaultRole().name().toLowerCase(Locale.ROOT) + ", default weight " + d.defaultWeight());
        details(out, d.summary(), d.paper(), d.params());
      });
    }
  }

  @Command(name = "list-models", mixinStandardHelpOptions = true, description = "Registered models and their parameters.")
  static final class Models extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.models().isEmpty()) out.println("(no models registered)");
      r.models().forEach((key, f) -> {
        out.println(key);
        details(out, f.summary(), "", f.params());
      });
    }
  }

  @Command(name = "list-datasets", mixinStandardHelpOptions = true, description = "Registered datasets and their parameters.")
  static final class Datasets extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.datasets().isEmpty()) out.println("(no datasets registered)");
      r.datasets().forEach((key, f) -> {
        out.println(key);
        details(out, f.summary(), "", f.params());
      });
    }
  }

  @Command(name = "list-strategies", mixinStandardHelpOptions = true,
      description = "Registered weighting strategies, the papers their defaults come from, parameters.")
  static final class Strategies extends Base {
    @Override
    void print(Registry r, PrintWriter out) {
      if (r.strategies().isEmpty()) out.println("(no weighting strategies registered)");
      r.strategies().forEach((key, f) -> {
        out.println(key);
        details(out, f.summary(), f.paper(), f.params());
      });
    }
  }

  /** An empty default means "required" only where the description says so; else the empty value is the default. */
  static String shownDefault(ParamSpec p) {
    if (!p.defaultValue().isEmpty()) return p.defaultValue();
    return p.description().contains("(required)") ? "(required)" : "(empty)";
  }

  static void details(PrintWriter out, String summary, String paper, List<ParamSpec> params) {
    if (summary != null && !summary.isBlank()) out.println("    " + summary);
    if (paper != null && !paper.isBlank()) out.println("    paper: " + paper);
    List<String> heads = params.stream()
        .map(p -> p.name() + " (" + p.type() + ") = " + shownDefault(p))
        .toList();
    int width = heads.stream().mapToInt(String::length).max().orElse(0) + 3;
    for (int i = 0; i < params.size(); i++) {
      String description = params.get(i).description();
      String head = heads.get(i);
      out.println("    param " + (description.isBlank() ? head : head + " ".repeat(width - head.length()) + description));
    }
  }
}
