package dev.auxloss.config;

import static dev.auxloss.config.ExperimentResolverTest.BASE;
import static dev.auxloss.config.ExperimentResolverTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each rule the resolver enforces, with the exact message a user sees. */
class ResolverErrorsTest {
  private static final String AUX = "loss { key: \"test.aux_classifier\" }";

  private static String withAux(String auxBlock) {
    return BASE.replace(AUX, auxBlock);
  }

  @Test
  void everyErrorIsReportedTogetherInFileOrder() {
    String text =
        """
        name: "t"
        model { name: "test-nett" }
        data { dataset: "test-data" batch_size: -8 label_fraction: 1.5 }
        loss { key: "test.cross_entropy" role: AUXILIARY }
        loss {
          key: "test.aux_clasifier"
          weight: -0.3
        }
        optimizer { type: "adamm" learning_rate: -0.1 }
        training { steps: -5 }
        """;
    assertThat(errors(text))
        .containsExactly(
            "x.pbtxt:2:9: model.name: unknown model 'test-nett'; did you mean 'test-net'? known models: test-net",
            "x.pbtxt:3:29: data.batch_size: must be > 0, found -8",
            "x.pbtxt:3:44: data.label_fraction: must be in (0, 1], found 1.5",
            "x.pbtxt:6:3: loss[1].key: unknown loss 'test.aux_clasifier'; did you mean 'test.aux_classifier'? "
                + "known losses: test.aux_classifier, test.cross_entropy",
            "x.pbtxt:7:3: loss[1].weight: must be a finite number >= 0, found -0.3",
            "x.pbtxt:9:13: optimizer.type: unknown optimizer 'adamm'; did you mean 'adam'? known optimizers: "
                + "adam, adamw, momentum, sgd",
            "x.pbtxt:9:27: optimizer.learning_rate: must be a finite number > 0, found -0.1",
            "x.pbtxt:10:12: training.steps: must be > 0, found -5");
  }

  @Test
  void noPrimaryTermWhenEveryRoleIsKnown() {
    assertThat(
            errors(
                BASE.replace(
                    "key: \"test.cross_entropy\"", "key: \"test.cross_entropy\" role: AUXILIARY")))
        .containsExactly(
            "x.pbtxt:4:1: loss: needs at least one PRIMARY term (the served objective), found "
                + "test.cross_entropy (AUXILIARY), test.aux_classifier (AUXILIARY) "
                + "(training.auxiliary_only: true allows none, for self-supervised pretraining)");
  }

  @Test
  void noLossAtAll() {
    assertThat(errors("model { name: \"test-net\" }\ndata { dataset: \"test-data\" }\n"))
        .containsExactly(
            "x.pbtxt: loss: at least one loss is required, one of them PRIMARY (the served objective)");
  }

  @Test
  void missingSectionsNameTheKnownKeys() {
    assertThat(
            errors(
                "loss { key: \"test.cross_entropy\" }\nweighting { strategy: \"statik\" compare_on: \"some\" }\n"))
        .containsExactly(
            "x.pbtxt: model.name: is required; known models: test-net",
            "x.pbtxt: data.dataset: is required; known datasets: test-data, test-owned",
            "x.pbtxt:2:13: weighting.strategy: unknown weighting strategy 'statik'; did you mean 'static'? "
                + "known weighting strategies: static",
            "x.pbtxt:2:32: weighting.compare_on: must be shared, all, group:<variable name prefix> or "
                + "endpoint:<endpoint name>, found 'some'");
  }

  @Test
  void duplicateTermNames() {
    assertThat(errors(BASE + "loss { key: \"test.aux_classifier\" weight: 0.1 }\n"))
        .containsExactly(
            "x.pbtxt:6:1: loss[2].name: duplicate term name 'test.aux_classifier' (also loss[1]); "
                + "give each term a distinct name");
    assertThat(errors(withAux("loss { key: \"test.aux_classifier\" name: \"bad name\" }")))
        .containsExactly(
            "x.pbtxt:5:35: loss[1].name: must be letters, digits, '.', '_' or '-' "
                + "(a TensorFlow scope name), found 'bad name'");
  }

  @Test
  void nanWeight() {
    assertThat(errors(withAux("loss { key: \"test.aux_classifier\" weight: nan }")))
        .containsExactly("x.pbtxt:5:35: loss[1].weight: must be a finite number >= 0, found NaN");
  }

  @Test
  void paramErrorsArePlacedUnderTheLossAndAtTheParamEntry() {
    String aux =
        """
        loss {
          key: "test.aux_classifier"
          param { name: "smoothing" number: 1.5 }
          param { name: "temprature" number: 0.1 }
          param { name: "smoothing" number: 0.2 }
          param { name: "empty" }
        }""";
    assertThat(errors(withAux(aux)))
        .containsExactly(
            "x.pbtxt:7:3: loss[1].param.smoothing: must be in [0, 1), found 1.5",
            "x.pbtxt:8:3: loss[1].param.temprature: unknown parameter 'temprature'; known parameters: [smoothing]",
            "x.pbtxt:9:3: loss[1].param.smoothing: parameter 'smoothing' is given twice (also param[0])",
            "x.pbtxt:10:3: loss[1].param.empty: parameter 'empty' has no value; give one of number, text, flag or numbers");
  }

  @Test
  void datasetAndModelParamErrors() {
    String text =
        BASE.replace(
                "model { name: \"test-net\" }",
                "model { name: \"test-net\" param { name: \"width\" number: 0 } }")
            .replace(
                "data { dataset: \"test-data\" }",
                "data { dataset: \"test-data\" param { name: \"path\" text: \"/missing\" } }");
    assertThat(errors(text))
        .containsExactly(
            "x.pbtxt:2:26: model.param.width: must be > 0, found 0",
            "x.pbtxt:3:29: data.param.path: no such file '/missing'");
  }

  @Test
  void stepScheduleNeedsOneMoreValueThanBoundaries() {
    assertThat(
            errors(
                withAux(
                    "loss { key: \"test.aux_classifier\" schedule { type: \"step\" boundaries: [100, 50] values: [1, 0.5] } }")))
        .containsExactly(
            "x.pbtxt:5:59: loss[1].schedule.boundaries: must increase, found [100, 50]",
            "x.pbtxt:5:81: loss[1].schedule.values: a step schedule needs one more value than boundaries, "
                + "found 2 boundaries and 2 values");
  }

  @Test
  void linearScheduleNeedsEndAfterStart() {
    assertThat(
            errors(
                withAux(
                    "loss { key: \"test.aux_classifier\" schedule { type: \"linear\" start: 100 end: 50 } }")))
        .containsExactly(
            "x.pbtxt:5:72: loss[1].schedule.end: a linear schedule needs end > start, "
                + "found start 100, end 50");
  }

  @Test
  void scheduleTypeFieldsAndValues() {
    assertThat(
            errors(withAux("loss { key: \"test.aux_classifier\" schedule { type: \"cosin\" } }")))
        .containsExactly(
            "x.pbtxt:5:46: loss[1].schedule.type: unknown schedule type 'cosin'; did you mean "
                + "'cosine'? known schedule types: constant, cosine, exponential, linear, step");
    assertThat(
            errors(
                withAux(
                    "loss { key: \"test.aux_classifier\" schedule { type: \"linear\" values: 0.1 } }")))
        .containsExactly(
            "x.pbtxt:5:61: loss[1].schedule.values: not used by a linear schedule "
                + "(it reads from, to, start, end)");
    assertThat(
            errors(
                withAux(
                    "loss { key: \"test.aux_classifier\" schedule { type: \"exponential\" rate: 1.5 "
                        + "warmup_steps: -5 } }")))
        .containsExactly(
            "x.pbtxt:5:66: loss[1].schedule.rate: an exponential schedule needs rate in (0, 1], found 1.5",
            "x.pbtxt:5:76: loss[1].schedule.warmup_steps: must be >= 0, found -5");
    assertThat(errors(withAux("loss { key: \"test.aux_classifier\" schedule { value: -1 } }")))
        .containsExactly(
            "x.pbtxt:5:46: loss[1].schedule.value: must be a finite number >= 0, found -1.0");
  }

  @Test
  void optimizerFieldsTheTypeDoesNotRead() {
    assertThat(errors(BASE + "optimizer { type: \"sgd\" momentum: 0.5 beta1: 1.5 }\n"))
        .containsExactly(
            "x.pbtxt:6:25: optimizer.momentum: not used by the sgd optimizer",
            "x.pbtxt:6:39: optimizer.beta1: not used by the sgd optimizer",
            "x.pbtxt:6:39: optimizer.beta1: must be in [0, 1), found 1.5");
    assertThat(errors(BASE + "optimizer { weight_decay: 0.1 }\n"))
        .containsExactly(
            "x.pbtxt:6:13: optimizer.weight_decay: not used by the adam optimizer (it reads beta1, beta2, epsilon)");
  }

  @Test
  void runtimeAndTrainingRules() {
    assertThat(
            errors(
                BASE
                    + """
        training { eval_every: -1 keep_checkpoints: -2 }
        runtime { device: "gpu" prefetch_batches: -1 cluster { worker: "h:1" worker: "bad" task: 2 } }
        """))
        .containsExactly(
            "x.pbtxt:6:12: training.eval_every: must be > 0, found -1",
            "x.pbtxt:6:27: training.keep_checkpoints: must be > 0, found -2",
            "x.pbtxt:7:11: runtime.device: must be empty (TensorFlow's choice), /CPU:<n> or /GPU:<n>, found 'gpu'; did you mean '/GPU:0'?",
            "x.pbtxt:7:25: runtime.prefetch_batches: must be > 0, found -1",
            "x.pbtxt:7:70: runtime.cluster.worker[1]: must be host:port, found 'bad'",
            "x.pbtxt:7:84: runtime.cluster.task: must index a worker, 0..1, found 2");
  }

  @Test
  void experimentNameMustSuitADirectory() {
    assertThat(errors(BASE.replace("name: \"t\"", "name: \"../up\"")))
        .containsExactly(
            "x.pbtxt:1:1: name: must be letters, digits, '.', '_' or '-' (it names the run "
                + "directory), found '../up'");
  }
}
