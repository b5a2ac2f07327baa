/** Data sources: batches of named host arrays, shuffled reproducibly from a seed. */
package dev.auxloss.api.data;
