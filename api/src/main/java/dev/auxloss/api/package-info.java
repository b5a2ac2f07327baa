/**
 * What a plugin author compiles against: the loss SPI ({@link dev.auxloss.api.loss}), the model SPI
 * ({@link dev.auxloss.api.model}), data sources ({@link dev.auxloss.api.data}), weight schedules
 * ({@link dev.auxloss.api.schedule}), the weighting SPI ({@link dev.auxloss.api.weighting}), the
 * layer kit ({@link dev.auxloss.api.layers}) and Guice binder helpers ({@link
 * dev.auxloss.api.guice}).
 *
 * <p>Nothing here creates a {@code Session}, a {@code Graph} or loads natives: only {@code Ops} and
 * TensorFlow types are used, so a plugin builds ops and the backend decides where they run.
 */
package dev.auxloss.api;
