package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputCase.file;

import java.util.List;

/**
 * {@code auxloss sweep} on a cluster (issue 19, item 2): a bad cluster description, a cluster
 * without a shared {@code --out}, and a config whose trials would join a cluster themselves are
 * exit 2 before anything is written. The hidden {@code --cluster} stands for the AUXLOSS_CLUSTER
 * variable the in-process CLI cannot set.
 */
final class BadInputSweepClusterCases {
  private BadInputSweepClusterCases() {}

  static final String X = BadInputCase.CONFIG;

  static List<BadInputCase> cases() {
    return List.of(
        command(
            "sweep: cluster without its task",
            BadInputSweepCases.sweep(
                "--vary", "loss[aux].weight=0,1", "--cluster", "10.0.0.1:2222,10.0.0.2:2222"),
            BadInputSweepCases.WITH_AUX,
            "AUXLOSS_CLUSTER is invalid: missing ';task=N' (value: '10.0.0.1:2222,10.0.0.2:2222')"),
        command(
            "sweep: cluster without --out",
            List.of(
                "sweep",
                "--config",
                X,
                "--vary",
                "loss[aux].weight=0,1",
                "--cluster",
                "10.0.0.1:2222,10.0.0.2:2222;task=1"),
            BadInputSweepCases.WITH_AUX,
            "a sweep on a cluster needs --out <dir> on a file system every worker shares"),
        command(
            "sweep: cluster with a config that names its own cluster",
            BadInputSweepCases.sweep(
                "--vary",
                "loss[aux].weight=0,1",
                "--cluster",
                "10.0.0.1:2222,10.0.0.2:2222;task=1"),
            file(
                "experiment.pbtxt",
                BadInputConfigCases.withAux("name: \"aux\" " + BadInputConfigCases.AUX_ENDPOINT)
                    + "runtime { cluster { worker: \"localhost:2222\" } }\n"),
            "runtime.cluster: a sweep on a cluster runs one trial per worker, each training alone;"
                + " remove runtime.cluster from the config (found 1 worker(s))"));
  }
}
