/** Speed benchmarks run by {@code ./bench}; numbers go to BENCHMARKS.md. */
package dev.auxloss.bench;
