package dev.auxloss.config;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.api.params.Params;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Loss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the {@code loss} blocks into {@link TermPlan}s. Per block: the key must be registered;
 * the name (default: the key) must be unique and usable as a TensorFlow scope; the role defaults to
 * the loss's {@link LossDescriptor#defaultRole()} and the weight to its paper weight; the weight
 * must be finite and >= 0; the schedule defaults to constant 1; the loss factory checks the params.
 * Across blocks: at least one loss and at least one PRIMARY term, one of them with a weight &gt; 0
 * — or, with {@code training.auxiliary_only} (self-supervised pretraining), no PRIMARY term at all.
 */
final class TermResolver {
  /** A TensorFlow scope name: terms build their ops under {@code losses/<name>}. */
  static final Pattern TERM_NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.-]*");

  private TermResolver() {}

  /** The terms (empty when any block has errors); {@code out} receives the resolved blocks. */
  static List<TermPlan> resolve(
      Experiment e,
      Map<String, LossFactory> losses,
      long steps,
      ErrorCollector errors,
      Experiment.Builder out) {
    int before = errors.size();
    out.clearLoss();
    List<TermPlan> terms = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    List<String> roles = new ArrayList<>();
    boolean primary = false;
    boolean roleUnknown = false;
    int zeroPrimary =
        -1; // the first PRIMARY term weighted 0, while no PRIMARY term has a weight > 0
    boolean weightedPrimary = false;
    for (int i = 0; i < e.getLossCount(); i++) {
      Loss l = e.getLoss(i);
      String field = "loss[" + i + "]";
      LossFactory factory = null;
      if (l.getKey().isEmpty()) {
        errors.add(field + ".key", NearestName.required("loss", losses.keySet()));
      } else if ((factory = losses.get(l.getKey())) == null) {
        errors.add(field + ".key", NearestName.unknown("loss", l.getKey(), losses.keySet()));
      }
      LossDescriptor d = factory == null ? null : factory.descriptor();

      String name = l.getName().isEmpty() ? l.getKey() : l.getName();
      if (!name.isEmpty()) {
        errors.check(
            TERM_NAME.matcher(name).matches(),
            field + ".name",
            "must be letters, digits, '.', '_' or '-' (a TensorFlow scope name)",
            "'" + name + "'");
        Integer first = names.putIfAbsent(name, i);
        if (first != null) {
          errors.add(
              field + ".name",
              "duplicate term name '"
                  + name
                  + "' (also loss["
                  + first
                  + "]); give each term a distinct name");
        }
      }

      Role role = role(l, d);
      if (role == null) roleUnknown = true;
      else {
        primary |= role == Role.PRIMARY;
        roles.add(name + " (" + role + ")");
      }

      double weight = l.hasWeight() ? l.getWeight() : d == null ? 0 : d.defaultWeight();
      errors.check(
          weight >= 0 && !Double.isInfinite(weight),
          field + ".weight",
          "must be a finite number >= 0",
          weight);
      if (role == Role.PRIMARY) {
        weightedPrimary |= weight > 0;
        if (weight == 0 && zeroPrimary < 0) zeroPrimary = i;
      }

      ScheduleResolver.Resolved schedule =
          ScheduleResolver.resolve(l.getSchedule(), field + ".schedule", steps, errors);
      Params params = ParamsReader.read(l.getParamList(), field, errors);
      AuxLoss loss =
          factory == null
              ? null
              : ParamsReader.create(
                  factory::create,
                  d.params(),
                  params,
                  l.getParamList(),
                  field,
                  "loss '" + l.getKey() + "'",
                  errors);

      Loss.Builder resolved =
          l.toBuilder().setName(name).setWeight(weight).setSchedule(schedule.config());
      if (role != null) resolved.setRole(dev.auxloss.config.proto.Role.valueOf(role.name()));
      out.addLoss(resolved);
      if (loss != null
          && schedule.schedule() != null
          && role != null
          && weight >= 0
          && !Double.isInfinite(weight)) {
        terms.add(new TermPlan(name, l.getKey(), role, weight, schedule.schedule(), loss));
      }
    }
    boolean auxiliaryOnly = e.getTraining().getAuxiliaryOnly();
    if (auxiliaryOnly && primary) {
      errors.add(
          "training.auxiliary_only",
          "true allows no PRIMARY term (the run trains auxiliary objectives only), found "
              + String.join(", ", roles));
    } else if (auxiliaryOnly && e.getLossCount() > 0) {
      // nothing served to train: the run's checkpoints are what it is for (init_from)
    } else if (e.getLossCount() == 0) {
      errors.add(
          "loss", "at least one loss is required, one of them PRIMARY (the served objective)");
    } else if (!primary && !roleUnknown) {
      errors.add(
          "loss",
          "needs at least one PRIMARY term (the served objective), found "
              + String.join(", ", roles)
              + " (training.auxiliary_only: true allows none, for self-supervised pretraining)");
    } else if (!weightedPrimary && zeroPrimary >= 0) {
      // Weight 0 turns a term off; with every PRIMARY term off, nothing trains the served output.
      errors.add(
          "loss[" + zeroPrimary + "].weight",
          "needs a PRIMARY term with a weight > 0 (the served "
              + "objective would not be trained), found 0.0");
    }
    return errors.size() == before ? terms : List.of();
  }

  private static Role role(Loss l, LossDescriptor d) {
    return switch (l.getRole()) {
      case PRIMARY -> Role.PRIMARY;
      case AUXILIARY -> Role.AUXILIARY;
      case REGULARIZER -> Role.REGULARIZER;
      default -> d == null ? null : d.defaultRole();
    };
  }
}
