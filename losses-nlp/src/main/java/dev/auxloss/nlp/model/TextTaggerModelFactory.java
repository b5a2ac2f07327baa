package dev.auxloss.nlp.model;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.text.PunctuationTags;
import java.util.List;

/** Makes {@link TextTaggerModel} ({@code text-tagger}) from {@link TextModelConfig} parameters. */
public final class TextTaggerModelFactory implements ModelFactory {
  @Override
  public String summary() {
    return "transformer tagger (bi-causal, bidirectional or causal) with per-token logits";
  }

  @Override
  public List<ParamSpec> params() {
    return TextModelConfig.specs("tags", PunctuationTags.COUNT, TextTaggerModel.ATTENTIONS);
  }

  @Override
  public TextTaggerModel create(Params params) {
    return new TextTaggerModel(
        TextModelConfig.read(params, "tags", PunctuationTags.COUNT, TextTaggerModel.ATTENTIONS));
  }
}
