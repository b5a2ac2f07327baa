/** Test helpers: plain-Java reference math, variable reads from a harness graph, a minibatch SGD loop. */
package dev.auxloss.vision.testing;
