package dev.auxloss.tf;

import com.google.inject.Binder;
import dev.auxloss.api.guice.AuxWeightings;
import dev.auxloss.tf.weighting.AlignedMtlWeighting;
import dev.auxloss.tf.weighting.CaGradWeighting;
import dev.auxloss.tf.weighting.CosineGatingWeighting;
import dev.auxloss.tf.weighting.DbMtlWeighting;
import dev.auxloss.tf.weighting.DwaWeighting;
import dev.auxloss.tf.weighting.FamoWeighting;
import dev.auxloss.tf.weighting.GradNormWeighting;
import dev.auxloss.tf.weighting.GradVacWeighting;
import dev.auxloss.tf.weighting.ImtlGradWeighting;
import dev.auxloss.tf.weighting.MetaBalanceWeighting;
import dev.auxloss.tf.weighting.MgdaWeighting;
import dev.auxloss.tf.weighting.NashMtlWeighting;
import dev.auxloss.tf.weighting.PcGradWeighting;
import dev.auxloss.tf.weighting.PrimaryProjectionWeighting;
import dev.auxloss.tf.weighting.RlwWeighting;
import dev.auxloss.tf.weighting.UncertaintyWeighting;
import dev.auxloss.tf.weighting.UpGradWeighting;

/**
 * The adaptive and gradient-conflict strategies, bound under their keys (see the weighting
 * package).
 */
final class BuiltInWeightings {
  private BuiltInWeightings() {}

  static void bind(Binder binder) {
    AuxWeightings.contribute(binder, UncertaintyWeighting.factory());
    AuxWeightings.contribute(binder, GradNormWeighting.factory());
    AuxWeightings.contribute(binder, DwaWeighting.factory());
    AuxWeightings.contribute(binder, PcGradWeighting.factory());
    AuxWeightings.contribute(binder, CaGradWeighting.factory());
    AuxWeightings.contribute(binder, MgdaWeighting.factory());
    AuxWeightings.contribute(binder, GradVacWeighting.factory());
    AuxWeightings.contribute(binder, ImtlGradWeighting.factory());
    AuxWeightings.contribute(binder, NashMtlWeighting.factory());
    AuxWeightings.contribute(binder, CosineGatingWeighting.factory());
    AuxWeightings.contribute(binder, PrimaryProjectionWeighting.factory());
    AuxWeightings.contribute(binder, RlwWeighting.factory());
    AuxWeightings.contribute(binder, FamoWeighting.factory());
    AuxWeightings.contribute(binder, MetaBalanceWeighting.factory());
    AuxWeightings.contribute(binder, DbMtlWeighting.factory());
    AuxWeightings.contribute(binder, UpGradWeighting.factory());
    AuxWeightings.contribute(binder, AlignedMtlWeighting.factory());
  }
}
