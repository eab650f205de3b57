package io.sightline.onnx;

import java.net.URI;

/**
 * Where a pretrained zoo backbone ({@code resnet50}, {@code resnet50-int8}) comes from and what it must be.
 *
 * @param uri       download address (redirects are followed)
 * @param fileName  name of the file in the cache directory
 * @param sizeBytes expected size, or -1 when unknown
 * @param sha256    expected lowercase hex SHA-256
 */
public record DownloadSource(URI uri, String fileName, long sizeBytes, String sha256) {
    /** ONNX Model Zoo ResNet-50 v1 (opset 12), SPEC section 6. */
    public static final DownloadSource RESNET50_V1_12 = new DownloadSource(
            URI.create("https://github.com/onnx/models/raw/main/validated/vision/classification/resnet/model/resnet50-v1-12.onnx"),
            "resnet50-v1-12.onnx", 102_576_593L,
            "3f03fdef724b22947eed826f1eef1dc5c34151bb4c37d634f1db89dfa2dd1526");

    /**
     * The zoo's int8 ResNet-50 v1 (opset 12, quantized by Intel Neural Compressor, QOperator form), next to the
     * fp32 one; the size is the one its Git LFS pointer records.
     */
    public static final DownloadSource RESNET50_V1_12_INT8 = new DownloadSource(
            URI.create("https://github.com/onnx/models/raw/main/validated/vision/classification/resnet/model/resnet50-v1-12-int8.onnx"),
            "resnet50-v1-12-int8.onnx", 25_816_052L,
            "c234f30975989788b4405f25253275aae247ab6dbdd34aaa69ab0a59ff76f6d0");

    public DownloadSource {
        if (uri == null || fileName == null || fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("uri and a plain fileName are required");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
    }
}
