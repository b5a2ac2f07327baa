/**
 * An example auxloss plugin: one loss ({@link com.example.auxloss.LogitSqueezeLoss}) and its
 * module.
 */
package com.example.auxloss;
