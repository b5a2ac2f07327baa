package dev.auxloss.cli;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.tf.distributed.WorkerLostException;
import dev.auxloss.tf.train.NonFiniteLossException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code auxloss}: train TensorFlow graphs with auxiliary losses from an experiment config.
 *
 * <pre>
 * auxloss train --config examples/default.pbtxt        # → runs/default-20250101-120000/
 * auxloss validate --config my.pbtxt --resolved        # every error at once, or the config with defaults
 * auxloss list-losses                                  # keys, roles, paper weights, params
 * </pre>
 *
 * <p>{@link #run} is the whole program without {@code System.exit}, for in-process tests.
 */
@Command(
    name = "auxloss",
    mixinStandardHelpOptions = true,
    version = "auxloss 0.1.0",
    description = "Train TensorFlow graphs with auxiliary losses, one fused step per batch.",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      ValidateCommand.class,
      ProfileCommand.class,
      LaunchCommand.class,
      SweepCommand.class,
      ListCommands.Losses.class,
      ListCommands.Models.class,
      ListCommands.Datasets.class,
      ListCommands.Strategies.class,
      ListCommands.Metrics.class
    })
public final class AuxlossCli implements Callable<Integer> {
  static final String PREFIX = "auxloss: error: ";

  /**
   * Every other line the CLI writes to stderr: scripts may rely on each line starting with
   * "auxloss:".
   */
  static final String MORE = "auxloss: ";

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and debug logs.")
  boolean debug;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(PREFIX + "missing command; one of " + commands(spec.commandLine()));
    spec.commandLine().getErr().println(MORE + "Try 'auxloss --help' for usage.");
    return ExitCodes.BAD_INPUT;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    boolean debug = Arrays.asList(args).contains("--debug");
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "auxloss-cli-logback.xml");
    }
    System.setProperty("auxloss.log.level", debug ? "DEBUG" : "WARN");
    Thread.setDefaultUncaughtExceptionHandler(new UncaughtHandler(debug));
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns the exit code ({@link ExitCodes}). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cl = new CommandLine(new AuxlossCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((e, a) -> badArguments(e, err));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, err, debug));
    int code;
    try {
      code = cl.execute(args);
    } catch (
        Error e) { // picocli hands only Exceptions to the handler; Errors (out of memory...) pass
      // through
      code = failure(e, err, debug);
    }
    out.flush();
    err.flush();
    return code;
  }

  private static int badArguments(ParameterException e, PrintWriter err) {
    CommandLine cmd = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u
        && !cmd.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      String name = u.getUnmatched().get(0);
      err.println(PREFIX + NearestName.unknown("command", name, cmd.getSubcommands().keySet()));
    } else {
      // An unknown option is often why a required one looks missing: name it too, first.
      var parsed = cmd.getParseResult();
      if (!(e instanceof UnmatchedArgumentException)
          && parsed != null
          && !parsed.unmatched().isEmpty()) {
        err.println(
            PREFIX
                + "Unknown option or argument: "
                + parsed.unmatched().stream()
                    .map(a -> "'" + a + "'")
                    .collect(java.util.stream.Collectors.joining(", ")));
      }
      err.println(PREFIX + e.getMessage());
    }
    err.println(MORE + "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCodes.BAD_INPUT;
  }

  /** Maps what a command threw to the exit code and the {@code auxloss: error:} lines. */
  static int failure(Throwable e, PrintWriter err, boolean debug) {
    int code;
    var exhausted = Exhausted.line(e);
    if (exhausted.isPresent()) {
      print(err, PREFIX, exhausted.get());
      code = ExitCodes.INTERNAL;
    } else if (e instanceof ConfigException c) {
      for (ConfigError error : c.errors()) print(err, PREFIX, error.toString());
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof UsageException || e instanceof NonFiniteLossException) {
      print(err, PREFIX, e.getMessage());
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof WorkerLostException) {
      // Not a bug of ours and not bad input: the cluster lost a worker; the chief's checkpoint
      // resumes it.
      print(err, PREFIX, e.getMessage());
      code = ExitCodes.INTERNAL;
    } else {
      // What failed, not which Java class said so: the class and the trace are --debug's.
      print(err, PREFIX, "internal error: " + ConfigError.reason(e));
      if (!debug) err.println(MORE + "run again with --debug for the stack trace");
      code = ExitCodes.INTERNAL;
    }
    if (debug) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      print(err, MORE, trace.toString());
    }
    err.flush();
    return code;
  }

  /**
   * Prints {@code text} after {@code prefix}; each further line of a multi-line message
   * (TensorFlow's {@code [[{{node save/Save}}]]}, its out-of-memory hint) is indented under {@code
   * auxloss:}.
   */
  static void print(PrintWriter err, String prefix, String text) {
    List<String> lines = String.valueOf(text).strip().lines().filter(l -> !l.isBlank()).toList();
    err.println(prefix + (lines.isEmpty() ? "" : lines.get(0)));
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      err.println(MORE + "  " + line.strip());
    }
  }

  private static List<String> commands(CommandLine cl) {
    return List.copyOf(cl.getSubcommands().keySet());
  }
}
