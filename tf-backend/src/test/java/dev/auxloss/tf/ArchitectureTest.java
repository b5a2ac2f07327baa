package dev.auxloss.tf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The runtime knows no domain and no command line: it runs what the plugins contribute. */
class ArchitectureTest {
  private final JavaClasses backend =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.auxloss.tf");

  @Test
  void backendImportsNoDomainModuleAndNoCli() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.auxloss.vision..", "dev.auxloss.nlp..", "dev.auxloss.cli..", "picocli..")
        .because("domain modules and the CLI sit above the backend (README, Modules)")
        .check(backend);
  }

  @Test
  void backendRunsMetricsWithoutKnowingAny() {
    // The evaluator only runs the plan's metrics: what a field means is the metric's own business.
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.auxloss.api.metric.Accuracy")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.auxloss.api.metric.MetricOps")
        .because(
            "metrics are contributed by the domain modules and named by the experiment (issue 15, item 2)")
        .check(backend);
  }

  @Test
  void theTrainerRunsTheSessionOnlyThroughSessionRuns() {
    // OneSessionRunPerStepTest counts the runs there: a run that bypassed it would go unseen.
    DescribedPredicate<JavaMethodCall> sessionRun =
        DescribedPredicate.describe(
            "Session.run or Session.Runner.run*",
            call ->
                (call.getTargetOwner().isEquivalentTo(org.tensorflow.Session.Runner.class)
                        && call.getName().startsWith("run"))
                    || (call.getTargetOwner().isEquivalentTo(org.tensorflow.Session.class)
                        && call.getName().equals("run")));
    noClasses()
        .that()
        .resideInAPackage("dev.auxloss.tf.train")
        .and()
        .doNotHaveSimpleName("SessionRuns")
        .should()
        .callMethodWhere(sessionRun)
        .because("a training step must stay one counted Session.run (issue 17, item 6)")
        .check(backend);
  }
}
