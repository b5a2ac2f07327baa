package dev.auxloss.nlp.text;

/** What every {@link SubwordTokenizer} holds the same way: its name, its file and the pieces. */
abstract class FileTokenizer implements SubwordTokenizer {
  private final String name;
  private final String asset;
  private final byte[] file;
  private final Vocabulary vocabulary;

  FileTokenizer(String name, String asset, byte[] file, Vocabulary vocabulary) {
    this.name = name;
    this.asset = asset;
    this.file = file.clone();
    this.vocabulary = vocabulary;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public final byte[] fileBytes() {
    return file.clone();
  }

  @Override
  public final String assetName() {
    return asset;
  }
}
