/**
 * Guice helpers: {@code AuxLosses}, {@code AuxModels}, {@code AuxDatasets} and {@code AuxWeightings}
 * contribute keyed factories to MapBinders the backend reads.
 */
package dev.auxloss.api.guice;
