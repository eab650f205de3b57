/**
 * Static int8 quantization of float feature extractors in QDQ form, done in Java on the ONNX graph:
 * BatchNormalization folding ({@link io.sightline.onnx.quant.BatchNormFolding}), the choice of tensors
 * to quantize ({@code QdqPlan}), activation ranges from calibration pictures (min/max or percentile,
 * {@link io.sightline.onnx.quant.CalibrationMethod}) and the QDQ graph itself ({@code QdqWriter}), behind
 * {@link io.sightline.onnx.quant.Int8Calibration}. ONNX Runtime fuses the QDQ groups into its int8
 * kernels ({@code QLinearConv}, {@code QLinearAdd}); {@link io.sightline.onnx.OptimizedGraph} and
 * {@link io.sightline.onnx.KernelProfile} show that it did.
 */
package io.sightline.onnx.quant;
