/**
 * The model SPI: a {@link dev.auxloss.api.model.ModelFn} publishes named endpoints and served
 * outputs; users bring their own networks by registering a {@link
 * dev.auxloss.api.model.ModelFactory}.
 */
package dev.auxloss.api.model;
