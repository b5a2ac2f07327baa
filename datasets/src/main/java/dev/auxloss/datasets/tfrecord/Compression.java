package dev.auxloss.datasets.tfrecord;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** How a TFRecord file is compressed: TensorFlow's {@code compression_type} "" or "GZIP". */
enum Compression {
  NONE("none"),
  GZIP("gzip");

  private final String configName;

  Compression(String configName) {
    this.configName = configName;
  }

  static Compression of(String configName) {
    for (Compression c : values()) if (c.configName.equals(configName)) return c;
    throw new IllegalArgumentException("unknown compression '" + configName + "'");
  }

  InputStream wrap(InputStream raw) throws IOException {
    return this == GZIP ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  @Override
  public String toString() {
    return configName;
  }
}
