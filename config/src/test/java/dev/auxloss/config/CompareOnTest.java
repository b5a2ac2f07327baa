package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** compare_on is parsed once into its form; the text a config writes survives the round trip. */
class CompareOnTest {
  @Test
  void parsesEachForm() {
    assertThat(CompareOn.parse("shared")).contains(CompareOn.SHARED);
    assertThat(CompareOn.parse("all")).contains(CompareOn.ALL);
    assertThat(CompareOn.parse("group:model/head/")).contains(new CompareOn.Group("model/head/"));
    assertThat(CompareOn.parse("endpoint:block1/features"))
        .contains(new CompareOn.Endpoint("block1/features"));
    assertThat(CompareOn.parse("group:a:b")).contains(new CompareOn.Group("a:b"));
  }

  @Test
  void rejectsWhatIsNoneOfTheForms() {
    for (String bad :
        new String[] {"", "Shared", "head", "group:", "endpoint:", "layer:x", "group:a\nb"}) {
      assertThat(CompareOn.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void writesTheConfigSpelling() {
    for (String text : new String[] {"shared", "all", "group:model/", "endpoint:features"}) {
      assertThat(CompareOn.parse(text).orElseThrow().text()).isEqualTo(text);
    }
  }
}
