package dev.auxloss.nlp.model;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.Params;
import java.util.List;

/** Makes {@link TextLmModel} ({@code text-lm}) from {@link TextModelConfig} parameters. */
public final class TextLmModelFactory implements ModelFactory {
  @Override
  public String summary() {
    return "transformer LM (causal or bidirectional, optional MoE) classifying from the last real token";
  }

  @Override
  public List<ParamSpec> params() {
    return TextModelConfig.specs("classes", 5, TextLmModel.ATTENTIONS);
  }

  @Override
  public TextLmModel create(Params params) {
    return new TextLmModel(TextModelConfig.read(params, "classes", 5, TextLmModel.ATTENTIONS));
  }
}
