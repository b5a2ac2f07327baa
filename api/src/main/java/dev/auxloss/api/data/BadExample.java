package dev.auxloss.api.data;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;

/**
 * One example a reader cannot use, naming its place (file and line, record and byte offset, image
 * path) and its kind. A reader throws it where it finds the fault and hands it to {@link
 * BadExamples#reject}, which rethrows it or counts it under {@link #kind()}.
 *
 * <pre>{@code
 * throw new BadExample(BadExample.NOT_JSON, "train", "reviews.jsonl:12: not JSON (...)");
 * }</pre>
 */
public final class BadExample extends ConfigException {
  /** The kinds the built-in readers report (a plugin's reader may name others). */
  public static final String CORRUPT_RECORD = "corrupt_record";

  public static final String TRUNCATED_FILE = "truncated_file";
  public static final String NOT_AN_EXAMPLE = "not_an_example";
  public static final String MISSING_FEATURE = "missing_feature";
  public static final String WRONG_FEATURE = "wrong_feature";
  public static final String UNDECODABLE_IMAGE = "undecodable_image";
  public static final String UNKNOWN_LABEL = "unknown_label";
  public static final String NOT_JSON = "not_json";
  public static final String MISSING_FIELD = "missing_field";
  public static final String WRONG_FIELD = "wrong_field";
  public static final String COLUMN_COUNT = "column_count";
  public static final String BAD_TAG = "bad_tag";
  public static final String MISSING_MASK = "missing_mask";
  public static final String MISSING_IMAGE = "missing_image";
  public static final String MASK_MISMATCH = "mask_mismatch";

  private final String kind;

  /**
   * @param kind what is wrong, lower snake case ({@link #NOT_JSON}...): the key it is counted under
   * @param field the parameter that named the file
   * @param message the place, the rule and the value found
   */
  public BadExample(String kind, String field, String message) {
    super(ConfigError.of(field, message));
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }

  /** The error as a user reads it: "field: place: rule". */
  public ConfigError error() {
    return errors().get(0);
  }
}
