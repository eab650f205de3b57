/**
 * The trainer service: follows {@code sightline.images}, embeds every picture once per backbone
 * (publishing to the compacted {@code sightline.embeddings} cache), retrains the classification head
 * when labelled data changes, evaluates each candidate, gates it against the serving model, and
 * publishes promoted versions with their artifacts and evaluation report.
 */
package io.sightline.trainer;
