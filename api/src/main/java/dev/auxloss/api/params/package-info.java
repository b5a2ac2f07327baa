/**
 * Typed config parameters and the errors they raise: read with defaults and rules, report every
 * problem together through {@link dev.auxloss.api.params.ConfigException}.
 */
package dev.auxloss.api.params;
