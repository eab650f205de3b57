/**
 * The model lifecycle: following {@code sightline.models}, fetching and verifying a version's
 * artifact, checking it answers, and swapping it in without failing a request (reference-counted
 * {@link io.sightline.inference.model.ServingModel}s in one {@link io.sightline.inference.model.ModelSlot}).
 */
package io.sightline.inference.model;
