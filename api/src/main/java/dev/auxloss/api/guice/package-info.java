/**
 * Guice helpers: {@code AuxLosses}, {@code AuxModels}, {@code AuxDatasets} and {@code
 * AuxWeightings} contribute keyed factories to MapBinders the backend reads; a module that {@code
 * implements AuxlossPlugin} and is listed as that service is installed without being named.
 */
package dev.auxloss.api.guice;
