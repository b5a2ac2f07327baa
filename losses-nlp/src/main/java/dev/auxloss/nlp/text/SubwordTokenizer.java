package dev.auxloss.nlp.text;

/**
 * A tokenizer defined by a file the user brings ({@code tokenizer.json}, a WordPiece {@code
 * vocab.txt}): the file fixes both the pieces and their ids, so no vocabulary is built from the
 * data. Its {@link #vocabulary()} holds the {@link SpecialTokens} at ids 0–4 and then the file's
 * pieces in the file's id order: piece id = the file's id + {@link SpecialTokens#COUNT}. The file's
 * bytes travel with the run and the export ({@link #fileBytes()}), so serving tokenizes with the
 * very same file.
 */
public interface SubwordTokenizer extends Tokenizer {
  /** The pieces of the file, offset by the five reserved ids. */
  Vocabulary vocabulary();

  /** The file as read, to be copied beside the export under {@link #assetName()}. */
  byte[] fileBytes();

  /** The file's name in the run directory and the export. */
  String assetName();
}
