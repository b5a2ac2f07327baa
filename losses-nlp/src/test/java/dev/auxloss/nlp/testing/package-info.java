/** Test support: a minimal in-test trainer to show that the models learn with the NLP losses. */
package dev.auxloss.nlp.testing;
