package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSyntaxTest {
  @Test
  void readsEveryForm() {
    List<FeatureSpec> f =
        FeatureSyntax.parse(
            "image/encoded as image: image[28,28,1]; label: int64 ; box: float[2, 2]; tokens: int64[var 32]; w: float[]",
            "features");
    assertThat(f)
        .extracting(FeatureSpec::toString)
        .containsExactly(
            "image/encoded as image: image[28,28,1]",
            "label: int64",
            "box: float[2,2]",
            "tokens: int64[var 32]",
            "w: float");
    assertThat(f.get(0).key()).isEqualTo("image/encoded");
    assertThat(f.get(0).field()).isEqualTo("image");
    assertThat(f.get(2).width()).isEqualTo(4);
    assertThat(f.get(3).variable()).isTrue();
    assertThat(f.get(3).width()).isEqualTo(32);
  }

  @Test
  void everyBadEntryIsReportedAtOnceNamingIt() {
    assertThatThrownBy(
            () ->
                FeatureSyntax.parse(
                    "a: double; b: float[0]; image/encoded: image[2,2,1]; "
                        + "c: image[2,2]; d: bytes; e; a2: float[var x]",
                    "features"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(Object::toString)
                    .containsExactly(
                        "features: 'a: double': unknown type 'double'; known: float, int64, image",
                        "features: 'b: float[0]': a dimension must be a whole number >= 1, found '0'",
                        "features: 'image/encoded: image[2,2,1]': field name 'image/encoded' must be letters, digits and '_'; "
                            + "name the field with 'as', e.g. 'image/encoded as image_encoded: ...'",
                        "features: 'c: image[2,2]': an image's shape must be [H,W,C] with C 1 (grey) or 3 (RGB)",
                        "features: 'd: bytes': bytes features are read as images (the batch holds numbers): write 'image[H,W,C]'",
                        "features: 'e': must read 'key [as field]: type[shape]'",
                        "features: 'a2: float[var x]': a dimension must be a whole number >= 1, found 'x'"));
  }

  @Test
  void aFieldDeclaredTwiceOrNoFeatureAtAllIsAnError() {
    assertThatThrownBy(() -> FeatureSyntax.parse("a: float; b as a: int64", "features"))
        .hasMessageContaining("'b as a: int64': field 'a' is declared twice");
    assertThatThrownBy(() -> FeatureSyntax.parse("a: float; a as b: int64", "features"))
        .hasMessageContaining("'a as b: int64': key 'a' is declared twice");
    assertThatThrownBy(() -> FeatureSyntax.parse(" ; ", "features"))
        .hasMessageContaining("must declare at least one feature");
  }
}
