/**
 * Run plans chosen by measurement: when a model loads, {@link io.sightline.inference.plan.RunPlanner} times
 * the candidate {@link io.sightline.inference.plan.RunPlan}s of its {@link io.sightline.inference.plan.PlanSpace}
 * (one wide session, N narrow ones, batch sizes) on a synthetic batch through a
 * {@link io.sightline.inference.plan.PlanTrial} ({@link io.sightline.inference.plan.SessionTrial} on ONNX
 * Runtime) and keeps the fastest, with every candidate's figures ({@link io.sightline.inference.plan.PlanChoice}).
 */
package io.sightline.inference.plan;
