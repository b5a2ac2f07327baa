/**
 * Test support: a minimal in-test trainer to show that the models learn with the NLP losses, and
 * {@link dev.auxloss.nlp.testing.FromConfig} to make plugins from parameters checked as a config checks them.
 */
package dev.auxloss.nlp.testing;
