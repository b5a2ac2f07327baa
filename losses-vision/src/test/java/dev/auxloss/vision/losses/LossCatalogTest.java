package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.params.Param;
import dev.auxloss.testing.FromConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every descriptor documents the parameters its factory reads, with the defaults it uses. */
class LossCatalogTest {
  static final List<LossFactory> ALL =
      List.of(
          CrossEntropyLoss.FACTORY,
          AuxClassifierLoss.FACTORY,
          DsnCompanionLoss.FACTORY,
          SegAuxHeadLoss.FACTORY,
          HedLoss.FACTORY,
          MultiScaleDeepSupervisionLoss.FACTORY,
          RotationLoss.FACTORY,
          ReconstructionLoss.FACTORY,
          NtXentLoss.FACTORY,
          LabelSmoothingLoss.FACTORY,
          ConfidencePenaltyLoss.FACTORY);

  /** Values for the parameters that have no default. */
  private static final Map<String, String> REQUIRED =
      Map.of(
          "endpoint", "block2/features",
          "endpoints", "block1/features,block2/features");

  @Test
  void writingEveryDocumentedDefaultChangesNothing() {
    for (LossFactory f : ALL) {
      LossDescriptor d = f.descriptor();
      List<Object> required = new ArrayList<>();
      List<Object> explicit = new ArrayList<>();
      for (Param<?> p : d.params()) {
        if (p.isRequired()) {
          assertThat(REQUIRED).as("%s.%s has no default", d.key(), p.name()).containsKey(p.name());
          required.addAll(List.of(p.name(), REQUIRED.get(p.name())));
          explicit.addAll(List.of(p.name(), REQUIRED.get(p.name())));
        } else {
          explicit.addAll(List.of(p.name(), p.defaultValue()));
        }
      }
      AuxLoss byDefault = FromConfig.loss(f, required.toArray());
      AuxLoss spelledOut = FromConfig.loss(f, explicit.toArray());
      assertThat(spelledOut).as(d.key()).isEqualTo(byDefault);
    }
  }

  @Test
  void descriptorsCiteAPaperAndAreVisionKeys() {
    assertThat(ALL)
        .extracting(f -> f.descriptor().key())
        .doesNotHaveDuplicates()
        .allMatch(k -> k.startsWith("vision."));
    for (LossFactory f : ALL) {
      assertThat(f.descriptor().paper()).as(f.descriptor().key()).matches(".*(19|20)\\d\\d.*");
      assertThat(f.descriptor().params()).extracting(Param::doc).allMatch(s -> !s.isBlank());
    }
  }

  @Test
  void paperDefaultWeights() {
    assertThat(AuxClassifierLoss.DESCRIPTOR.defaultWeight()).isEqualTo(0.3); // Szegedy 2014
    assertThat(SegAuxHeadLoss.DESCRIPTOR.defaultWeight()).isEqualTo(0.4); // PSPNet
    assertThat(LabelSmoothingLoss.DESCRIPTOR.defaultWeight()).isEqualTo(0.1); // Szegedy 2016
    assertThat(NtXentLoss.SIMCLR_TEMPERATURE).isEqualTo(0.5);
    assertThat(NtXentLoss.SUPCON_TEMPERATURE).isEqualTo(0.1);
  }
}
