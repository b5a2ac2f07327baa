package dev.auxloss.cli;

/**
 * Bad input that is not a config field: a run directory that does not exist, nothing to resume...
 * Printed as one {@code auxloss: error:} line; exit code {@link ExitCodes#BAD_INPUT}.
 */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
