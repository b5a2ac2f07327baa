package dev.auxloss.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** api is what plugin authors compile against: it builds ops, never owns native resources. */
class ArchitectureTest {
  private final JavaClasses api =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.auxloss.api");

  @Test
  void apiNeverTouchesSessionsGraphsOrNatives() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.tensorflow.Session")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.tensorflow.Graph")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.tensorflow.SavedModelBundle")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.tensorflow.TensorFlow")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.tensorflow.Tensor")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("org.tensorflow.internal..")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("org.bytedeco..")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("dev.auxloss.tf..")
        .because("only tf-backend owns native TensorFlow resources (DESIGN.md)")
        .check(api);
  }

  @Test
  void apiHoldsTheSpisOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.auxloss.config..", "com.google.protobuf..")
        .because(
            "the config pipeline (loader, resolver, bootstrap) lives in auxloss-config, "
                + "not in the jar plugin authors compile against")
        .check(api);
  }
}
