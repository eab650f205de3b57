/**
 * Building, cutting, merging and running ONNX models.
 *
 * <p>Contract shared by every graph Sightline runs: the input is {@code pixels}, float32 NCHW RGB
 * scaled to 0..1 (already resized and cropped by Java); the first operations inside the graph are
 * {@code Sub(mean)} and {@code Div(std)} with the ImageNet constants of the recorded
 * {@link io.sightline.image.Preprocessing}. A feature extractor ends in {@code features} [N,D], a
 * head maps {@code features} to {@code probabilities} [N,C], and the end-to-end model is
 * {@code pixels} → {@code probabilities} with labels, preprocessing and backbone recorded in its
 * metadata_props (see {@link io.sightline.onnx.ModelMetadata}).
 *
 * <ul>
 *   <li>{@link io.sightline.onnx.OnnxGraphs}: small helpers over the ONNX protobuf classes
 *       ({@code ai.onnx.proto.OnnxMl} from tribuo-util-onnx).</li>
 *   <li>{@link io.sightline.onnx.GeneratedResNet50}, {@link io.sightline.onnx.TinyCnn}: seeded
 *       feature extractors built in Java.</li>
 *   <li>{@link io.sightline.onnx.BackboneCutter}: turns an image classifier into a feature
 *       extractor.</li>
 *   <li>{@link io.sightline.onnx.ModelMerger}: feature extractor and head (built by the training
 *       module) into the end-to-end model.</li>
 *   <li>{@link io.sightline.onnx.BackboneResolver}: {@code resnet50 | generated | tiny | FILE.onnx}
 *       to a {@link io.sightline.onnx.Backbone}, with a hash-checked download cache.</li>
 *   <li>{@link io.sightline.onnx.OnnxSessions}, {@link io.sightline.onnx.OnnxModel},
 *       {@link io.sightline.onnx.FeatureExtractor}, {@link io.sightline.onnx.ClassifierModel}:
 *       running models with ONNX Runtime on CPU or CUDA.</li>
 * </ul>
 */
package io.sightline.onnx;
