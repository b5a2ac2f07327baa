package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every descriptor documents exactly the parameters its factory reads, with the defaults it uses. */
class LossCatalogTest {
  static final List<VisionLossFactory> ALL = List.of(
      CrossEntropyLoss.FACTORY, AuxClassifierLoss.FACTORY, DsnCompanionLoss.FACTORY, SegAuxHeadLoss.FACTORY,
      HedLoss.FACTORY, MultiScaleDeepSupervisionLoss.FACTORY, RotationLoss.FACTORY, ReconstructionLoss.FACTORY,
      NtXentLoss.FACTORY, LabelSmoothingLoss.FACTORY, ConfidencePenaltyLoss.FACTORY);

  /** Values for the parameters that have no default. */
  private static final Map<String, ParamValue> REQUIRED = Map.of(
      "endpoint", new ParamValue.Text("block2/features"),
      "endpoints", new ParamValue.Text("block1/features,block2/features"));

  private static ParamValue parse(ParamSpec spec) {
    return switch (spec.type()) {
      case "number", "integer" -> new ParamValue.Number(Double.parseDouble(spec.defaultValue()));
      case "flag" -> new ParamValue.Flag(Boolean.parseBoolean(spec.defaultValue()));
      case "text" -> new ParamValue.Text(spec.defaultValue());
      default -> throw new AssertionError("unexpected type " + spec.type());
    };
  }

  @Test
  void writingEveryDocumentedDefaultChangesNothing() {
    for (VisionLossFactory f : ALL) {
      LossDescriptor d = f.descriptor();
      Map<String, ParamValue> required = new LinkedHashMap<>();
      Map<String, ParamValue> explicit = new LinkedHashMap<>();
      for (ParamSpec p : d.params()) {
        if (p.defaultValue().isEmpty()) {
          if (p.type().equals("list")) continue; // an empty list means "the documented rule"
          assertThat(REQUIRED).as("%s.%s has no default", d.key(), p.name()).containsKey(p.name());
          required.put(p.name(), REQUIRED.get(p.name()));
          explicit.put(p.name(), REQUIRED.get(p.name()));
        } else {
          explicit.put(p.name(), parse(p));
        }
      }
      AuxLoss byDefault = f.create(new Params(required));
      AuxLoss spelledOut = f.create(new Params(explicit));
      assertThat(spelledOut).as(d.key()).isEqualTo(byDefault);
    }
  }

  @Test
  void descriptorsCiteAPaperAndAreVisionKeys() {
    assertThat(ALL).extracting(f -> f.descriptor().key()).doesNotHaveDuplicates().allMatch(k -> k.startsWith("vision."));
    for (VisionLossFactory f : ALL) {
      assertThat(f.descriptor().paper()).as(f.descriptor().key()).matches(".*(19|20)\\d\\d.*");
      assertThat(f.descriptor().params()).extracting(ParamSpec::description).allMatch(s -> !s.isBlank());
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
