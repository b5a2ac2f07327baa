package dev.auxloss.config;

import dev.auxloss.config.proto.Rename;
import dev.auxloss.config.proto.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code training.init_from} and {@code training.freeze} into a {@link FineTunePlan}: a
 * freeze entry must be a valid regex, an init_from block must name a checkpoint and each rename a
 * non-empty {@code from}. What the checkpoint holds, and which variables a regex matches, only the
 * built graph shows: the backend checks those.
 */
final class FineTuneResolver {
  private FineTuneResolver() {}

  static FineTunePlan resolve(Training t, ErrorCollector errors) {
    List<Pattern> freeze = new ArrayList<>();
    for (int i = 0; i < t.getFreezeCount(); i++) {
      String regex = t.getFreeze(i);
      try {
        freeze.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        errors.add(
            "training.freeze[" + i + "]",
            "must be a regular expression (java.util.regex), found '"
                + regex
                + "': "
                + e.getDescription()
                + " near index "
                + e.getIndex());
      }
    }
    FineTunePlan.InitFrom initFrom = null;
    if (t.hasInitFrom()) {
      var in = t.getInitFrom();
      errors.check(
          !in.getCheckpoint().isBlank(),
          "training.init_from.checkpoint",
          "must name a run directory or a checkpoint prefix",
          "'" + in.getCheckpoint() + "'");
      List<FineTunePlan.Rename> renames = new ArrayList<>();
      for (int i = 0; i < in.getMapCount(); i++) {
        Rename r = in.getMap(i);
        errors.check(
            !r.getFrom().isEmpty(),
            "training.init_from.map[" + i + "].from",
            "must be a non-empty checkpoint name prefix",
            "''");
        renames.add(new FineTunePlan.Rename(r.getFrom(), r.getTo()));
      }
      if (!in.getCheckpoint().isBlank()) {
        initFrom =
            new FineTunePlan.InitFrom(Path.of(in.getCheckpoint()), renames, in.getAllowPartial());
      }
    }
    return new FineTunePlan(initFrom, freeze);
  }
}
